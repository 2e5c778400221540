using ExternalEndpointSync.TestSupport.Network;
using ExternalEndpointSync.TestSupport.Servers;

namespace ExternalEndpointSync.Tests.EndToEnd.Health;

/// <summary>
/// Three test hosts, each running redis-server on <see cref="RedisPort"/>: <see cref="Preferred"/>
/// (two hosts, the SRV priority-10 group) and <see cref="Standby"/> (the priority-20 group).
/// One port everywhere keeps every endpoint in one EndpointSlice, so a failover is one update.
/// </summary>
public sealed class SrvFailoverHosts : IAsyncLifetime
{
    public const int RedisPort = 6379;

    private readonly OwnedResources _owned = new("SRV failover test hosts");

    public IReadOnlyList<(TestHost Host, RedisServer Redis)> Preferred { get; private set; } = [];

    public (TestHost Host, RedisServer Redis) Standby { get; private set; }

    public async Task InitializeAsync()
    {
        try
        {
            var started = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => StartHostAsync()));
            Preferred = [started[0], started[1]];
            Standby = started[2];
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts every server that a test stopped, so the next test begins with all of them up.</summary>
    public Task StartAllAsync() =>
        Task.WhenAll(Preferred.Append(Standby).Select(static server => server.Redis.StartAgainAsync()));

    /// <summary>Servers first, then the hosts they run in; everything even when something fails.</summary>
    public Task DisposeAsync() => _owned.DisposeAllAsync();

    private async Task<(TestHost, RedisServer)> StartHostAsync()
    {
        var host = Own(await TestHost.CreateAsync());
        var redis = Own(await RedisServer.StartAsync(host.Address, commandPrefix: host.CommandPrefix, port: RedisPort));
        return (host, redis);
    }

    private T Own<T>(T started)
        where T : IAsyncDisposable => _owned.Own(started);
}
