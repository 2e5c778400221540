using ExternalEndpointSync.Cli;
using k8s.Models;

namespace ExternalEndpointSync.Tests.EndToEnd.Sources;

/// <summary>DNS failures in <c>sync --once</c>: the failing service is reported and left as it is, the others still sync.</summary>
public sealed class DnsFailureTests : IAsyncLifetime
{
    private readonly DnsWorld world = new();

    public Task InitializeAsync() => world.InitializeAsync();

    public Task DisposeAsync() => world.DisposeAsync();

    [Fact]
    public async Task Nxdomain_with_the_default_empty_after_leaves_the_slice_untouched_and_fails_only_that_service()
    {
        var (_, before) = await SyncTwoServicesAsync();
        await world.Dns.ReplaceRecordsAsync(DnsWorld.Records().Host("kept.e2e.test", 30, "192.0.2.80"));
        var withNewcomer = world.Sync.WriteConfig(ServicesWith(SyncWorld.StaticService("newcomer", ["192.0.2.90"])));
        world.Sync.Api.Writes.Reset();

        var run = await world.Sync.SyncAsync(withNewcomer);

        Assert.True(run.ExitCode == ExitCodes.PartialFailure, run.ToString());
        Assert.Contains("NXDOMAIN", run.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Matches(@"default/gone\s+ClusterIP\s+failed", run.Output);
        AssertUntouched(before);
        Assert.Equal(["192.0.2.90"], Assert.Single(world.Sync.Slices("default", "newcomer")).Endpoints.Select(static e => e.Addresses.Single()));
        Assert.Equal(0, world.Sync.Api.Writes.Deletes);
        // The newcomer's Service and slice, and the SourceFailed Event of gone.
        Assert.Equal(1, world.Sync.Api.Writes.Count("create", "events"));
        Assert.Equal(3, world.Sync.Api.Writes.Creates);
        Assert.True(world.Sync.Api.Writes.Total == 3, world.Sync.Api.Writes.ToString());
    }

    [Fact]
    public async Task A_stopped_name_server_fails_its_services_and_deletes_or_empties_nothing_while_the_others_sync()
    {
        var (_, before) = await SyncTwoServicesAsync();
        await world.Dns.StopAsync();
        var withNewcomer = world.Sync.WriteConfig(ServicesWith(SyncWorld.StaticService("newcomer", ["192.0.2.90"])));
        world.Sync.Api.Writes.Reset();

        var run = await world.Sync.SyncAsync(withNewcomer);

        Assert.True(run.ExitCode == ExitCodes.PartialFailure, run.ToString());
        Assert.Matches(@"default/gone\s+ClusterIP\s+failed", run.Output);
        Assert.Matches(@"default/kept\s+ClusterIP\s+failed", run.Output);
        AssertUntouched(before);
        Assert.Single(world.Sync.Slices("default", "newcomer"));
        Assert.Equal(0, world.Sync.Api.Writes.Deletes);
        // The newcomer's Service and slice, and a SourceFailed Event each for gone and kept.
        Assert.Equal(2, world.Sync.Api.Writes.Count("create", "events"));
        Assert.True(world.Sync.Api.Writes.Total == 4, world.Sync.Api.Writes.ToString());
    }

    private string ServicesWith(string extra = "") =>
        world.Service("gone", "gone.e2e.test") + world.Service("kept", "kept.e2e.test") + extra;

    /// <summary>Publishes gone.e2e.test and kept.e2e.test and returns the config and every object written for them.</summary>
    private async Task<(string Config, IReadOnlyList<V1EndpointSlice> Slices)> SyncTwoServicesAsync()
    {
        await world.Dns.ReplaceRecordsAsync(DnsWorld.Records()
            .Host("gone.e2e.test", 30, "192.0.2.70", "192.0.2.71")
            .Host("kept.e2e.test", 30, "192.0.2.80"));
        var config = world.Sync.WriteConfig(ServicesWith());
        var first = await world.Sync.SyncAsync(config);
        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        return (config, [.. world.Sync.Slices("default", "gone"), .. world.Sync.Slices("default", "kept")]);
    }

    private void AssertUntouched(IReadOnlyList<V1EndpointSlice> before)
    {
        var now = world.Sync.Slices("default", "gone").Concat(world.Sync.Slices("default", "kept"))
            .ToDictionary(static s => s.Metadata.Name, static s => s);
        Assert.Equal(before.Select(static s => s.Metadata.Name).Order(StringComparer.Ordinal), now.Keys.Order(StringComparer.Ordinal));
        foreach (var slice in before)
        {
            var current = now[slice.Metadata.Name];
            Assert.Equal(slice.Metadata.ResourceVersion, current.Metadata.ResourceVersion);
            Assert.Equal(slice.Endpoints.Select(static e => e.Addresses.Single()), current.Endpoints.Select(static e => e.Addresses.Single()));
            Assert.NotEmpty(current.Endpoints);
        }

        Assert.NotNull(world.Sync.Api.Store.Get<V1Service>("default", "gone"));
        Assert.NotNull(world.Sync.Api.Store.Get<V1Service>("default", "kept"));
    }
}
