using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Reporting;
using ExternalEndpointSync.TestSupport.FakeKubernetes;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>Conflicts and server errors are retried until the cluster converges, without duplicate slices.</summary>
public sealed class FaultToleranceTests : SyncWorldTest
{
    [Fact]
    public async Task A_burst_of_conflicts_and_server_errors_still_converges_with_no_duplicate_slices()
    {
        var addresses = SyncWorld.Ipv4Addresses(450).ToList();
        var config = World.WriteConfig(SyncWorld.StaticService("flaky", addresses));
        Assert.Equal(ExitCodes.Success, (await World.SyncAsync(config)).ExitCode);

        addresses.AddRange(SyncWorld.Ipv4Addresses(120, offset: 1000));
        addresses.RemoveRange(0, 50);
        File.WriteAllText(config, File.ReadAllText(World.WriteConfig(SyncWorld.StaticService("flaky", addresses))));
        World.Api.Faults.Enqueue(new Fault { Verb = "update", Resource = "endpointslices", StatusCode = 409, Times = 3 });
        World.Api.Faults.Enqueue(new Fault { Verb = "create", Resource = "endpointslices", StatusCode = 500, Times = 2 });
        World.Api.Faults.Enqueue(new Fault { Verb = "list", Resource = "endpointslices", StatusCode = 503, Times = 1 });

        var run = await World.SyncAsync(config);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var published = World.Slices("default", "flaky").SelectMany(s => s.Endpoints).Select(e => e.Addresses.Single()).ToList();
        Assert.Equal(published.Count, published.Distinct().Count());
        Assert.Equal(addresses.Order(StringComparer.Ordinal), published.Order(StringComparer.Ordinal));
        World.Api.Writes.Reset();
        Assert.Equal(ExitCodes.Success, (await World.SyncAsync(config)).ExitCode);
        Assert.Equal(0, World.Api.Writes.Total);
    }

    [Fact]
    public async Task A_conflict_on_a_service_update_is_resolved_by_rereading_it()
    {
        var config = World.WriteConfig(SyncWorld.StaticService("conflicted", ["192.0.2.1"]));
        Assert.Equal(ExitCodes.Success, (await World.SyncAsync(config)).ExitCode);
        var relabelled = World.WriteConfig(SyncWorld.StaticService("conflicted", ["192.0.2.1"], extra: "    labels: { tier: db }\n"));
        World.Api.Faults.Enqueue(new Fault { Verb = "update", Resource = "services", StatusCode = 409, Times = 2 });

        var run = await World.SyncAsync(relabelled);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal("db", World.Api.Store.Get<k8s.Models.V1Service>("default", "conflicted")!.Metadata.Labels["tier"]);
    }

    [Fact]
    public async Task A_service_whose_writes_keep_failing_is_reported_and_the_others_still_sync()
    {
        var config = World.WriteConfig(SyncWorld.StaticService("alpha", ["192.0.2.1"], "blocked") + SyncWorld.StaticService("beta", ["192.0.2.2"]));
        World.Api.Faults.Enqueue(new Fault { Verb = "create", Resource = "services", Namespace = "blocked", StatusCode = 500, Times = 1000 });

        var (run, report) = await World.SyncReportAsync(config);

        Assert.True(run.ExitCode == ExitCodes.PartialFailure, run.ToString());
        Assert.Equal(1, report.Counts.Failed);
        Assert.True(report["blocked/alpha"].Is(ServiceStatus.Failed), run.ToString());
        Assert.True(report["default/beta"].Is(ServiceStatus.Synced), run.ToString());
        Assert.NotNull(World.Api.Store.Get<k8s.Models.V1Service>("default", "beta"));
        Assert.Null(World.Api.Store.Get<k8s.Models.V1Service>("blocked", "alpha"));
    }

    [Fact]
    public async Task A_service_in_a_namespace_that_does_not_exist_fails_with_the_reason_and_the_others_sync()
    {
        var config = World.WriteConfig(SyncWorld.StaticService("lost", ["192.0.2.1"], "no-such-namespace") + SyncWorld.StaticService("found", ["192.0.2.2"]));

        var (run, report) = await World.SyncReportAsync(config);

        Assert.True(run.ExitCode == ExitCodes.PartialFailure, run.ToString());
        Assert.Equal(1, report.Counts.Failed);
        Assert.Contains(report["no-such-namespace/lost"].Errors, e => e.Contains("namespaces \"no-such-namespace\" not found", StringComparison.Ordinal));
        Assert.True(report["default/found"].Is(ServiceStatus.Synced), run.ToString());
        Assert.NotNull(World.Api.Store.Get<k8s.Models.V1Service>("default", "found"));
    }

    [Fact]
    public async Task Timeouts_dropped_connections_and_throttling_are_retried()
    {
        var config = World.WriteConfig(SyncWorld.StaticService("patient", ["192.0.2.1", "2001:db8::1"]));
        World.Api.Faults.Enqueue(new Fault { Verb = "create", Resource = "services", Delay = TimeSpan.FromSeconds(10), StatusCode = 500, Times = 1 });
        World.Api.Faults.Enqueue(new Fault { Verb = "create", Resource = "endpointslices", DropConnection = true, Times = 2 });
        World.Api.Faults.Enqueue(new Fault { Verb = "list", Resource = "services", StatusCode = 429, RetryAfterSeconds = 0, Times = 2 });
        var impatient = CliRun.FastRetries with { AttemptTimeout = TimeSpan.FromMilliseconds(500) };

        var run = await World.SyncAsync(impatient, config);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(0, World.Api.Faults.Pending);
        // The cluster is single-stack: the Service reports IPv4 only, so only the IPv4 slice is written.
        Assert.Equal("IPv4", Assert.Single(World.Slices("default", "patient")).AddressType);
        Assert.Single(World.Api.Store.List<k8s.Models.V1Service>("default"));
    }

    [Fact]
    public async Task An_object_already_gone_when_deleted_counts_as_deleted()
    {
        var both = World.WriteConfig(SyncWorld.StaticService("stay", ["192.0.2.1"]) + SyncWorld.StaticService("go", ["192.0.2.2"]));
        Assert.Equal(ExitCodes.Success, (await World.SyncAsync(both)).ExitCode);
        var one = World.WriteConfig(SyncWorld.StaticService("stay", ["192.0.2.1"]));
        World.Api.Faults.Enqueue(new Fault { Verb = "delete", Resource = "endpointslices", StatusCode = 404, Times = 1 });

        var run = await World.SyncAsync(one);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Null(World.Api.Store.Get<k8s.Models.V1Service>("default", "go"));
    }
}
