using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Tests.EndToEnd.Sources;
using static ExternalEndpointSync.Tests.EndToEnd.Health.HealthCheckedService;

namespace ExternalEndpointSync.Tests.EndToEnd.Health;

/// <summary>
/// <c>sync --once</c> with an SRV name of two priority groups whose targets are real Redis servers
/// on test hosts: the health checks decide which group is published, with the panic rule on.
/// </summary>
public sealed class SrvFailoverSyncTests(SrvFailoverHosts hosts) : IClassFixture<SrvFailoverHosts>, IAsyncLifetime
{
    private const string SrvName = "_redis._tcp.cache.e2e.test";
    private const string FailoverWarning = "no ready address in priority 10: publishing priority 20 (failover)";

    private readonly DnsWorld world = new();

    private string PreferredA => hosts.Preferred[0].Host.Address.ToString();

    private string PreferredB => hosts.Preferred[1].Host.Address.ToString();

    private string Standby => hosts.Standby.Host.Address.ToString();

    public async Task InitializeAsync()
    {
        await world.InitializeAsync();
        await world.Dns.ReplaceRecordsAsync(DnsWorld.Records()
            .Host("preferred-a.e2e.test", 30, PreferredA)
            .Host("preferred-b.e2e.test", 30, PreferredB)
            .Host("standby.e2e.test", 30, Standby)
            .Srv(SrvName, "standby.e2e.test", SrvFailoverHosts.RedisPort, priority: 20)
            .Srv(SrvName, "preferred-a.e2e.test", SrvFailoverHosts.RedisPort, priority: 10)
            .Srv(SrvName, "preferred-b.e2e.test", SrvFailoverHosts.RedisPort, priority: 10));
    }

    public async Task DisposeAsync()
    {
        await hosts.StartAllAsync();
        await world.DisposeAsync();
    }

    [Fact]
    public async Task Fails_over_to_priority_20_when_every_priority_10_server_is_down_and_back_when_they_return()
    {
        var config = WriteConfig();
        var first = await world.Sync.SyncAsync(config);
        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        Assert.Equal("create endpointslices=1, create services=1 (total 2)", world.Sync.Api.Writes.ToString());
        AssertPublished((PreferredA, Up), (PreferredB, Up));
        Assert.Contains("publishing priority 10 (then 20 when every better target is unhealthy)", first.Output, StringComparison.Ordinal);

        await Task.WhenAll(hosts.Preferred.Select(static server => server.Redis.StopAsync()));
        world.Sync.Api.Writes.Reset();
        var failedOver = await world.Sync.SyncAsync(config);
        Assert.True(failedOver.ExitCode == ExitCodes.Success, failedOver.ToString());
        // The Events AddressUnhealthy and FailedOver on the Service.
        Assert.Equal("create events=2, update endpointslices=1 (total 3)", world.Sync.Api.Writes.ToString());
        AssertPublished((Standby, Up));
        Assert.Contains(FailoverWarning, failedOver.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("panic rule", failedOver.Output, StringComparison.Ordinal);

        await Task.WhenAll(hosts.Preferred.Select(static server => server.Redis.StartAgainAsync()));
        world.Sync.Api.Writes.Reset();
        var back = await world.Sync.SyncAsync(config);
        Assert.True(back.ExitCode == ExitCodes.Success, back.ToString());
        Assert.Equal("update endpointslices=1 (total 1)", world.Sync.Api.Writes.ToString());
        AssertPublished((PreferredA, Up), (PreferredB, Up));
        Assert.DoesNotContain(FailoverWarning, back.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_priority_10_server_down_stays_on_priority_10_with_that_address_not_ready()
    {
        var config = WriteConfig();
        Assert.Equal(ExitCodes.Success, (await world.Sync.SyncAsync(config)).ExitCode);

        await hosts.Preferred[1].Redis.StopAsync();
        world.Sync.Api.Writes.Reset();
        var run = await world.Sync.SyncAsync(config);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        // The slice and the AddressUnhealthy Event.
        Assert.Equal("create events=1, update endpointslices=1 (total 2)", world.Sync.Api.Writes.ToString());
        AssertPublished((PreferredA, Up), (PreferredB, Down));
        Assert.DoesNotContain(FailoverWarning, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_server_down_publishes_priority_10_ready_by_the_panic_rule()
    {
        var config = WriteConfig();
        Assert.Equal(ExitCodes.Success, (await world.Sync.SyncAsync(config)).ExitCode);

        await Task.WhenAll(hosts.Preferred.Append(hosts.Standby).Select(static server => server.Redis.StopAsync()));
        world.Sync.Api.Writes.Reset();
        var run = await world.Sync.SyncAsync(config);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        // No object changes, only the Events AddressUnhealthy and PanicMode.
        Assert.Equal("create events=2 (total 2)", world.Sync.Api.Writes.ToString());
        AssertPublished((PreferredA, Up), (PreferredB, Up));
        Assert.Contains("every address is unhealthy: all are published ready (panic rule)", run.Output, StringComparison.Ordinal);
    }

    private string WriteConfig() => world.Sync.WriteConfig(
        $$"""
          - name: cache
            namespace: payments
            ports: [ { name: redis, port: {{SrvFailoverHosts.RedisPort}} } ]
            source:
              dns: { name: {{SrvName}}, type: SRV, nameservers: [ "{{world.Dns.Nameserver}}" ], timeout: 300ms, retries: 1 }
            healthCheck: { type: redis, timeout: 1s }

        """);

    private void AssertPublished(params (string Address, (bool? Ready, bool? Serving) Conditions)[] expected) =>
        Assert.Equal(
            expected.OrderBy(static e => e.Address, StringComparer.Ordinal),
            Conditions(world.Sync, "cache").Select(static pair => (pair.Key, pair.Value)).OrderBy(static e => e.Key, StringComparer.Ordinal));
}
