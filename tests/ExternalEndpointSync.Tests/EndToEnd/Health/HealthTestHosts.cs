using ExternalEndpointSync.TestSupport.Network;
using ExternalEndpointSync.TestSupport.Servers;

namespace ExternalEndpointSync.Tests.EndToEnd.Health;

/// <summary>
/// The test hosts the health end-to-end tests publish, made once for the whole collection:
/// <list type="bullet">
/// <item><see cref="Primary"/>: PostgreSQL on its own host, which tests stop and start.</item>
/// <item><see cref="Replica"/>: PostgreSQL on the same port on another host, always up; that host
/// also runs <see cref="Redis"/> (with a password), and <see cref="Http"/> listens on its host-side address.</item>
/// <item><see cref="EmptyHost"/>: a host where nothing listens, so every probe of it is refused.</item>
/// </list>
/// Both PostgreSQL servers listen on one port because a static source gives all its addresses the same port.
/// </summary>
public sealed class HealthTestHosts : IAsyncLifetime
{
    public const string Collection = "health test hosts";
    public const int PostgresPort = 5432;
    public const string RedisPassword = "cache-secret";

    private readonly OwnedResources _owned = new("health test hosts");

    public TestHost PrimaryHost { get; private set; } = null!;

    public TestHost ReplicaHost { get; private set; } = null!;

    public TestHost EmptyHost { get; private set; } = null!;

    public PostgresServer Primary { get; private set; } = null!;

    public PostgresServer Replica { get; private set; } = null!;

    public RedisServer Redis { get; private set; } = null!;

    public HttpTestServer Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        try
        {
            var hosts = await Task.WhenAll(Own(TestHost.CreateAsync()), Own(TestHost.CreateAsync()), Own(TestHost.CreateAsync()));
            (PrimaryHost, ReplicaHost, EmptyHost) = (hosts[0], hosts[1], hosts[2]);
            var primary = Own(PostgresServer.StartAsync(PrimaryHost.Address, commandPrefix: PrimaryHost.CommandPrefix, port: PostgresPort));
            var replica = Own(PostgresServer.StartAsync(ReplicaHost.Address, commandPrefix: ReplicaHost.CommandPrefix, port: PostgresPort));
            var redis = Own(RedisServer.StartAsync(ReplicaHost.Address, RedisPassword, ReplicaHost.CommandPrefix));
            var http = Own(HttpTestServer.StartAsync(ReplicaHost.HostSideAddress));
            await Task.WhenAll(primary, replica, redis, http);
            (Primary, Replica, Redis, Http) = (await primary, await replica, await redis, await http);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Servers first, then the hosts they run in; everything even when something fails.</summary>
    public Task DisposeAsync() => _owned.DisposeAllAsync();

    private async Task<T> Own<T>(Task<T> starting)
        where T : IAsyncDisposable => _owned.Own(await starting);
}

[CollectionDefinition(HealthTestHosts.Collection)]
public sealed class HealthTestHostsDefinition : ICollectionFixture<HealthTestHosts>;
