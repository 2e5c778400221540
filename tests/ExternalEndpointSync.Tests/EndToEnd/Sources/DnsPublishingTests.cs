using ExternalEndpointSync.TestSupport.FakeKubernetes;
using ExternalEndpointSync.Cli;
using k8s.Models;

namespace ExternalEndpointSync.Tests.EndToEnd.Sources;

/// <summary><c>sync --once</c> with DNS sources served by a real dnsmasq: what each record type publishes.</summary>
public sealed class DnsPublishingTests : IAsyncLifetime
{
    // The record-type test publishes an IPv6-only Service, which needs a cluster that has IPv6.
    private readonly DnsWorld world = new(SyncWorld.WithRbac with { DualStack = true });

    public Task InitializeAsync() => world.InitializeAsync();

    public Task DisposeAsync() => world.DisposeAsync();

    [Fact]
    public async Task A_AAAA_and_dual_stack_names_publish_a_slice_per_address_family()
    {
        await world.Dns.ReplaceRecordsAsync(DnsWorld.Records()
            .Host("v4.e2e.test", 30, "192.0.2.11", "192.0.2.10")
            .Host("v6.e2e.test", 30, "2001:db8::11", "2001:db8::10")
            .Host("dual.e2e.test", 30, "192.0.2.20", "2001:db8::20"));
        var config = world.Sync.WriteConfig(
            world.Service("v4", "v4.e2e.test") + world.Service("v6", "v6.e2e.test", "AAAA") + world.Service("dual", "dual.e2e.test", "A+AAAA"));

        var run = await world.Sync.SyncAsync(config);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var v4 = Assert.Single(world.Sync.Slices("default", "v4"));
        Assert.Equal("IPv4", v4.AddressType);
        Assert.Equal(["192.0.2.10", "192.0.2.11"], Addresses(v4));
        Assert.Equal(80, Assert.Single(v4.Ports).Port);
        var v6 = Assert.Single(world.Sync.Slices("default", "v6"));
        Assert.Equal("IPv6", v6.AddressType);
        Assert.Equal(["2001:db8::10", "2001:db8::11"], Addresses(v6));
        var dual = world.Sync.Slices("default", "dual").ToDictionary(static s => s.AddressType);
        Assert.Equal(["IPv4", "IPv6"], dual.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["192.0.2.20"], Addresses(dual["IPv4"]));
        Assert.Equal(["2001:db8::20"], Addresses(dual["IPv6"]));
        Assert.All(world.Sync.Slices("default", "dual").SelectMany(static s => s.Endpoints), static e => Assert.True(e.Conditions.Ready));
    }

    [Fact]
    public async Task An_SRV_name_publishes_each_target_with_its_records_port_in_a_slice_per_port()
    {
        await world.Dns.ReplaceRecordsAsync(DnsWorld.Records()
            .Srv("_http._tcp.web.e2e.test", "a.e2e.test", 8080)
            .Srv("_http._tcp.web.e2e.test", "b.e2e.test", 8081)
            .Srv("_http._tcp.web.e2e.test", "c.e2e.test", 8080)
            .Host("a.e2e.test", 30, "192.0.2.31")
            .Host("b.e2e.test", 30, "192.0.2.32")
            .Host("c.e2e.test", 30, "192.0.2.33"));
        var config = world.Sync.WriteConfig(world.Service("web", "_http._tcp.web.e2e.test", "SRV"));

        var run = await world.Sync.SyncAsync(config);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var byPort = world.Sync.Slices("default", "web").ToDictionary(static s => Assert.Single(s.Ports).Port!.Value);
        Assert.Equal([8080, 8081], byPort.Keys.Order());
        Assert.Equal(["192.0.2.31", "192.0.2.33"], Addresses(byPort[8080]));
        Assert.Equal(["192.0.2.32"], Addresses(byPort[8081]));
        Assert.All(byPort.Values, static s => Assert.Equal("http", Assert.Single(s.Ports).Name));
        Assert.Equal(80, Assert.Single(world.Sync.Api.Store.Get<V1Service>("default", "web")!.Spec.Ports).Port);
    }

    [Fact]
    public async Task Changing_one_records_address_makes_exactly_one_slice_update_on_the_next_sync()
    {
        await world.Dns.ReplaceRecordsAsync(DnsWorld.Records()
            .Host("pool.e2e.test", 30, "192.0.2.41", "192.0.2.42", "192.0.2.43")
            .Host("other.e2e.test", 30, "192.0.2.50"));
        var config = world.Sync.WriteConfig(world.Service("pool", "pool.e2e.test") + world.Service("other", "other.e2e.test"));
        var first = await world.Sync.SyncAsync(config);
        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        var before = Assert.Single(world.Sync.Slices("default", "pool"));

        await world.Dns.ReplaceRecordsAsync(DnsWorld.Records()
            .Host("pool.e2e.test", 30, "192.0.2.41", "192.0.2.44", "192.0.2.43")
            .Host("other.e2e.test", 30, "192.0.2.50"));
        world.Sync.Api.Writes.Reset();
        var second = await world.Sync.SyncAsync(config);

        Assert.True(second.ExitCode == ExitCodes.Success, second.ToString());
        Assert.True(world.Sync.Api.Writes.Total == 1, world.Sync.Api.Writes.ToString());
        Assert.Equal(1, world.Sync.Api.Writes.Count("update", "endpointslices"));
        var after = Assert.Single(world.Sync.Slices("default", "pool"));
        Assert.Equal(before.Metadata.Name, after.Metadata.Name);
        Assert.Equal(["192.0.2.41", "192.0.2.43", "192.0.2.44"], Addresses(after));
    }

    [Fact]
    public async Task Dry_run_table_shows_what_each_name_resolved_to_and_its_ttl()
    {
        await world.Dns.ReplaceRecordsAsync(DnsWorld.Records()
            .Host("shown.e2e.test", 45, "192.0.2.61", "192.0.2.62")
            .Srv("_db._tcp.shown.e2e.test", "shown.e2e.test", 5432, priority: 10, weight: 5));
        var config = world.Sync.WriteConfig(world.Service("shown", "shown.e2e.test") + world.Service("srv", "_db._tcp.shown.e2e.test", "SRV"));

        var run = await world.Sync.SyncAsync(config, "--dry-run");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        // Both services ask for shown.e2e.test and share one answer, so the second may see it a second older.
        Assert.Matches(@"source: shown\.e2e\.test A 192\.0\.2\.61, 192\.0\.2\.62 \(ttl 4[45]s\)", run.Output);
        Assert.Contains("source: _db._tcp.shown.e2e.test SRV 10 5 5432 shown.e2e.test → 192.0.2.61, 192.0.2.62", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"source: _db\._tcp\.shown\.e2e\.test SRV publishing priority 10 \(ttl \d+s\)", run.Output);
        Assert.Contains("dry-run:", run.Output, StringComparison.Ordinal);
        Assert.Equal(0, world.Sync.Api.Writes.Total);
        Assert.Empty(world.Sync.Slices("default", "shown"));
    }

    private static List<string> Addresses(V1EndpointSlice slice) =>
        [.. slice.Endpoints.Select(static e => Assert.Single(e.Addresses)).Order(StringComparer.Ordinal)];
}
