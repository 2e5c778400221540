using System.Diagnostics.Metrics;
using System.Threading.Channels;
using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations.ConfigFile;
using ExternalEndpointSync.Reporting;
using ExternalEndpointSync.Reporting.Events;
using ExternalEndpointSync.Reporting.Metrics;
using ExternalEndpointSync.Sync;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using ExternalEndpointSync.Tests.Worker;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>
/// The RBAC of the rendered worker overlay (deploy/base/rbac.yaml and the overlay's leader-election
/// Role) is exactly what the product uses: every end-to-end test runs as its service
/// account (a missing rule is a 403 there), and this test drives every kind of write and re-read
/// through <c>sync --once</c>, the long-running <c>sync</c> and the <c>run</c> worker (which
/// creates, renews and releases its Lease), then fails on a granted rule that nothing exercised.
/// </summary>
public sealed class RbacRulesTests : SyncWorldTest
{
    private const string Publish = "    publish: { endpoints: true }\n";

    [Fact]
    public async Task Every_rule_of_deploy_rbac_is_used_and_none_is_missing()
    {
        // Create everything, then update it with a stale resourceVersion on every kind (update, get).
        var config = World.WriteConfig(SyncWorld.StaticService("rbac", ["192.0.2.1"], extra: Publish));
        Assert.Equal(ExitCodes.Success, (await World.SyncAsync(config)).ExitCode);
        foreach (var resource in new[] { "services", "endpointslices", "endpoints" })
        {
            World.Api.Faults.Enqueue(new Fault { Verb = "update", Resource = resource, StatusCode = 409 });
        }

        var changed = World.WriteConfig(SyncWorld.StaticService("rbac", ["192.0.2.2"], extra: Publish + "    labels: { tier: db }\n"));
        var run = await World.SyncAsync(changed);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());

        // The long-running sync, then removal under the sync policy (delete on every kind).
        await RunLongRunningSyncOnceAsync(changed);
        await RunWorkerUntilItLeadsAsync(changed);
        await RecordARepeatedEventAsync();
        var removed = World.WriteConfig(SyncWorld.StaticService("other", ["192.0.2.3"]));
        run = await World.SyncAsync(removed);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());

        var authorization = World.Api.Authorization!;
        var granted = authorization.Policy.GrantsOf(authorization.ProductUser);
        var used = authorization.Exercised;
        var unused = granted.Except(used).Select(g => g.ToString()).Order(StringComparer.Ordinal).ToList();
        var missing = used.Except(granted).Select(g => g.ToString()).Order(StringComparer.Ordinal).ToList();
        Assert.True(unused.Count == 0, $"deploy/ (worker overlay) grants rules nothing used: {string.Join(", ", unused)}");
        Assert.True(missing.Count == 0, $"used without a rule: {string.Join(", ", missing)}");
        Assert.Contains(new RbacGrant(string.Empty, "services/finalizers", "update"), used);
    }

    private async Task RunWorkerUntilItLeadsAsync(string configPath)
    {
        await using var replica = WorkerReplica.Start("rbac-0", configPath, World.Kubeconfig);
        await Eventually.WaitAsync(() => replica.Status.IsLeading && replica.Status.FirstSyncDone, "the worker leads and syncs", () => replica.Logs);
        Assert.Equal(ExitCodes.Success, await replica.StopAsync());
    }

    /// <summary>
    /// The product's event writer as the service account: an Event and its repeat (create, then a
    /// patch of its series). Driving a repeat through a sync takes two failing syncs of one process.
    /// </summary>
    private async Task RecordARepeatedEventAsync()
    {
        using var client = World.Api.CreateClient();
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var recorder = new EventRecorder(
            new KubernetesEventSink(client),
            new EventRecorderOptions { ReportingInstance = "rbac-test" },
            TimeProvider.System,
            new SyncMetrics(meters.GetRequiredService<IMeterFactory>(), TimeProvider.System),
            NullLogger<EventRecorder>.Instance);
        recorder.Record(SyncReportEvents.ServiceOf(new("default", "rbac")), EventReasons.SyncFailed, "first");
        recorder.Record(SyncReportEvents.ServiceOf(new("default", "rbac")), EventReasons.SyncFailed, "repeat");
        await recorder.DisposeAsync();
        Assert.Equal(2, Assert.Single(World.Api.Store.List<Eventsv1Event>("default")).Series.Count);
    }

    private async Task RunLongRunningSyncOnceAsync(string configPath)
    {
        var loaded = await ConfigLoader.LoadFileAsync(configPath, CancellationToken.None);
        Assert.True(loaded.IsValid, string.Join('\n', loaded.Errors));
        using var client = World.Api.CreateClient();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSyncPipeline(loaded.Config!, new SyncOptions()).AddContinuousHealth().AddKubernetesApplier(client);
        await using var provider = services.BuildServiceProvider();
        var reports = Channel.CreateUnbounded<SyncReport>();
        using var stop = new CancellationTokenSource();
        var loop = provider.GetRequiredService<SyncLoop>().RunAsync(
            new FileRegistrationSource(loaded.Config!), new SyncOptions(), async (report, ct) => await reports.Writer.WriteAsync(report, ct), stop.Token);
        try
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            Assert.Equal(0, (await reports.Reader.ReadAsync(patience.Token)).Failed);
        }
        finally
        {
            await stop.CancelAsync();
            await loop;
        }
    }
}
