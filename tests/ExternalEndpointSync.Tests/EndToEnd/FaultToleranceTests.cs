using ExternalEndpointSync.Cli;
using ExternalEndpointSync.TestSupport.FakeKubernetes;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>Conflicts and server errors are retried until the cluster converges, without duplicate slices.</summary>
public sealed class FaultToleranceTests : IAsyncLifetime
{
    private readonly SyncWorld world = new();

    public Task InitializeAsync() => world.InitializeAsync();

    public Task DisposeAsync() => world.DisposeAsync();

    [Fact]
    public async Task A_burst_of_conflicts_and_server_errors_still_converges_with_no_duplicate_slices()
    {
        var addresses = SyncWorld.Ipv4Addresses(450).ToList();
        var config = world.WriteConfig(SyncWorld.StaticService("flaky", addresses));
        Assert.Equal(ExitCodes.Success, (await world.SyncAsync(config)).ExitCode);

        addresses.AddRange(SyncWorld.Ipv4Addresses(120, offset: 1000));
        addresses.RemoveRange(0, 50);
        File.WriteAllText(config, File.ReadAllText(world.WriteConfig(SyncWorld.StaticService("flaky", addresses))));
        world.Api.Faults.Enqueue(new Fault { Verb = "update", Resource = "endpointslices", StatusCode = 409, Times = 3 });
        world.Api.Faults.Enqueue(new Fault { Verb = "create", Resource = "endpointslices", StatusCode = 500, Times = 2 });
        world.Api.Faults.Enqueue(new Fault { Verb = "list", Resource = "endpointslices", StatusCode = 503, Times = 1 });

        var run = await world.SyncAsync(config);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var published = world.Slices("default", "flaky").SelectMany(s => s.Endpoints).Select(e => e.Addresses.Single()).ToList();
        Assert.Equal(published.Count, published.Distinct().Count());
        Assert.Equal(addresses.Order(StringComparer.Ordinal), published.Order(StringComparer.Ordinal));
        world.Api.Writes.Reset();
        Assert.Equal(ExitCodes.Success, (await world.SyncAsync(config)).ExitCode);
        Assert.Equal(0, world.Api.Writes.Total);
    }

    [Fact]
    public async Task A_conflict_on_a_service_update_is_resolved_by_rereading_it()
    {
        var config = world.WriteConfig(SyncWorld.StaticService("conflicted", ["192.0.2.1"]));
        Assert.Equal(ExitCodes.Success, (await world.SyncAsync(config)).ExitCode);
        var relabelled = world.WriteConfig(SyncWorld.StaticService("conflicted", ["192.0.2.1"], extra: "    labels: { tier: db }\n"));
        world.Api.Faults.Enqueue(new Fault { Verb = "update", Resource = "services", StatusCode = 409, Times = 2 });

        var run = await world.SyncAsync(relabelled);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal("db", world.Api.Store.Get<k8s.Models.V1Service>("default", "conflicted")!.Metadata.Labels["tier"]);
    }

    [Fact]
    public async Task A_service_whose_writes_keep_failing_is_reported_and_the_others_still_sync()
    {
        var config = world.WriteConfig(SyncWorld.StaticService("alpha", ["192.0.2.1"], "blocked") + SyncWorld.StaticService("beta", ["192.0.2.2"]));
        world.Api.Faults.Enqueue(new Fault { Verb = "create", Resource = "services", Namespace = "blocked", StatusCode = 500, Times = 1000 });

        var run = await world.SyncAsync(config);

        Assert.True(run.ExitCode == ExitCodes.PartialFailure, run.ToString());
        Assert.Contains("blocked/alpha", run.Output, StringComparison.Ordinal);
        Assert.Contains("1 services synced, 1 failed", run.Output, StringComparison.Ordinal);
        Assert.NotNull(world.Api.Store.Get<k8s.Models.V1Service>("default", "beta"));
        Assert.Null(world.Api.Store.Get<k8s.Models.V1Service>("blocked", "alpha"));
    }

    [Fact]
    public async Task A_service_in_a_namespace_that_does_not_exist_fails_with_the_reason_and_the_others_sync()
    {
        var config = world.WriteConfig(SyncWorld.StaticService("lost", ["192.0.2.1"], "no-such-namespace") + SyncWorld.StaticService("found", ["192.0.2.2"]));

        var run = await world.SyncAsync(config);

        Assert.True(run.ExitCode == ExitCodes.PartialFailure, run.ToString());
        Assert.Contains("namespaces \"no-such-namespace\" not found", run.Output, StringComparison.Ordinal);
        Assert.Contains("1 services synced, 1 failed", run.Output, StringComparison.Ordinal);
        Assert.NotNull(world.Api.Store.Get<k8s.Models.V1Service>("default", "found"));
    }

    [Fact]
    public async Task Timeouts_dropped_connections_and_throttling_are_retried()
    {
        var config = world.WriteConfig(SyncWorld.StaticService("patient", ["192.0.2.1", "2001:db8::1"]));
        world.Api.Faults.Enqueue(new Fault { Verb = "create", Resource = "services", Delay = TimeSpan.FromSeconds(10), StatusCode = 500, Times = 1 });
        world.Api.Faults.Enqueue(new Fault { Verb = "create", Resource = "endpointslices", DropConnection = true, Times = 2 });
        world.Api.Faults.Enqueue(new Fault { Verb = "list", Resource = "services", StatusCode = 429, RetryAfterSeconds = 0, Times = 2 });
        var impatient = CliRun.FastRetries with { AttemptTimeout = TimeSpan.FromMilliseconds(500) };

        var run = await world.SyncAsync(impatient, config);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(0, world.Api.Faults.Pending);
        Assert.Equal(2, world.Slices("default", "patient").Count);
        Assert.Single(world.Api.Store.List<k8s.Models.V1Service>("default"));
    }

    [Fact]
    public async Task An_object_already_gone_when_deleted_counts_as_deleted()
    {
        var both = world.WriteConfig(SyncWorld.StaticService("stay", ["192.0.2.1"]) + SyncWorld.StaticService("go", ["192.0.2.2"]));
        Assert.Equal(ExitCodes.Success, (await world.SyncAsync(both)).ExitCode);
        var one = world.WriteConfig(SyncWorld.StaticService("stay", ["192.0.2.1"]));
        world.Api.Faults.Enqueue(new Fault { Verb = "delete", Resource = "endpointslices", StatusCode = 404, Times = 1 });

        var run = await world.SyncAsync(one);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Null(world.Api.Store.Get<k8s.Models.V1Service>("default", "go"));
    }
}
