using System.Diagnostics.Metrics;
using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Reporting;
using ExternalEndpointSync.Reporting.Events;
using ExternalEndpointSync.Reporting.Metrics;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using ExternalEndpointSync.Tests.EndToEnd;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExternalEndpointSync.Tests.Reporting.Events;

/// <summary>
/// <c>sync --once</c> writes its Events where <c>kubectl describe service</c> finds them (the real
/// kubectl, which selects core/v1 Events by the Service's uid), a series reads there as one line
/// with its count, and an Event that cannot be written changes nothing about the sync. Authorization is off for kubectl's sake (it sends no token to a
/// plain-HTTP server); the event rules of deploy/ are exercised by every RBAC-on end-to-end test.
/// </summary>
public sealed class ServiceEventsEndToEndTests() : SyncWorldTest(new SyncWorld(new FakeApiServerOptions()))
{
    [Fact]
    public async Task Kubectl_describe_shows_a_conflict_and_a_failed_write_as_events_of_the_services()
    {
        SeedForeignService("taken");
        World.Api.Faults.Enqueue(new Fault { Verb = "create", Resource = "endpointslices", StatusCode = 422, Message = "slice refused by the test", Times = 10 });
        var config = World.WriteConfig(SyncWorld.StaticService("taken", ["192.0.2.1"]) + SyncWorld.StaticService("free", ["192.0.2.2"]));

        var run = await World.SyncAsync(config);

        Assert.True(run.ExitCode == ExitCodes.PartialFailure, run.ToString());
        var taken = await DescribeAsync("taken");
        var free = await DescribeAsync("free");
        Assert.Matches(@"Events:\s+Type\s+Reason\s+Age\s+From\s+Message", taken);
        Assert.Matches(@"Warning\s+Conflict\s+\S+\s+externalendpoints\.io/external-endpoint-sync\s+Service default/taken already exists and is not owned", taken);
        Assert.Matches(@"Warning\s+SyncFailed\s+\S+\s+externalendpoints\.io/external-endpoint-sync\s+.*slice refused by the test", free);
        Assert.DoesNotContain("SyncFailed", taken, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_that_cannot_be_written_fails_nothing()
    {
        SeedForeignService("taken");
        World.Api.Faults.Enqueue(new Fault { Verb = "create", Resource = "events", StatusCode = 500, Times = 10 });
        var config = World.WriteConfig(SyncWorld.StaticService("taken", ["192.0.2.1"]) + SyncWorld.StaticService("free", ["192.0.2.2"]));

        var (run, report) = await World.SyncReportAsync(config);

        Assert.True(run.ExitCode == ExitCodes.PartialFailure, run.ToString());
        Assert.True(report["default/taken"].Is(ServiceStatus.Conflict), run.ToString());
        Assert.True(report["default/free"].Is(ServiceStatus.Synced), run.ToString());
        Assert.Single(World.Slices("default", "free"));
        // Tried once, refused, given up: the report above is the sync's whole outcome.
        Assert.Equal(1, World.Api.Requests.Count("create", "events"));
        Assert.Empty(World.Api.Store.List<Eventsv1Event>("default"));
    }

    [Fact]
    public async Task A_dry_run_writes_no_events()
    {
        SeedForeignService("taken");
        var config = World.WriteConfig(SyncWorld.StaticService("taken", ["192.0.2.1"]));

        var run = await World.SyncAsync(config, "--dry-run");

        Assert.Contains("taken", run.Output, StringComparison.Ordinal);
        Assert.Equal(0, World.Api.Requests.Count("create", "events"));
        Assert.Equal(0, World.Api.Writes.Total);
    }

    [Fact]
    public async Task Kubectl_describe_shows_a_series_as_one_line_with_its_count()
    {
        SeedForeignService("taken");
        using var client = World.Api.CreateClient();
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var recorder = new EventRecorder(
            new KubernetesEventSink(client),
            new EventRecorderOptions { ReportingInstance = "worker-0" },
            TimeProvider.System,
            new SyncMetrics(meters.GetRequiredService<IMeterFactory>(), TimeProvider.System),
            NullLogger<EventRecorder>.Instance);
        recorder.Record(SyncReportEvents.ServiceOf(new("default", "taken")), EventReasons.Conflict, "held by someone else");
        recorder.Record(SyncReportEvents.ServiceOf(new("default", "taken")), EventReasons.Conflict, "held by someone else");
        await recorder.DisposeAsync();

        var described = await DescribeAsync("taken");

        Assert.Matches(@"Warning\s+Conflict\s+\S+ \(x2 over \S+\)\s+externalendpoints\.io/external-endpoint-sync\s+held by someone else", described);
    }

    private void SeedForeignService(string name) => World.Api.Store.Seed(new V1Service
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Labels = new Dictionary<string, string> { ["team"] = "theirs" } },
        Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 5432 }], Selector = new Dictionary<string, string> { ["app"] = "db" } },
    });

    private async Task<string> DescribeAsync(string service)
    {
        var result = await KubectlRunner.RunAsync(World.Kubeconfig, ["describe", "service", service, "-n", "default"]);
        Assert.True(result.ExitCode == 0, result.StandardError);
        return result.StandardOutput;
    }
}
