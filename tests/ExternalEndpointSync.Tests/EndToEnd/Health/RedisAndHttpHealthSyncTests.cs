using ExternalEndpointSync.Cli;
using static ExternalEndpointSync.Tests.EndToEnd.Health.HealthCheckedService;

namespace ExternalEndpointSync.Tests.EndToEnd.Health;

/// <summary><c>sync --once</c> with the Redis and HTTP probes against real servers on test hosts.</summary>
[Collection(HealthTestHosts.Collection)]
public sealed class RedisAndHttpHealthSyncTests(HealthTestHosts hosts) : IAsyncLifetime
{
    private readonly SyncWorld world = new();
    private readonly string scratch = Directory.CreateTempSubdirectory("ees-health-e2e-").FullName;

    public Task InitializeAsync() => world.InitializeAsync();

    public async Task DisposeAsync()
    {
        await world.DisposeAsync();
        Directory.Delete(scratch, recursive: true);
    }

    [Fact]
    public async Task Redis_with_requirepass_is_ready_with_the_password_file_and_not_ready_with_a_wrong_one()
    {
        var wrongPassword = Path.Combine(scratch, "wrong-password");
        await File.WriteAllTextAsync(wrongPassword, "not-the-password\n");
        var address = hosts.ReplicaHost.Address;
        var config = world.WriteConfig(
            Entry("cache", [address], hosts.Redis.Port, $"{{ type: redis, redis: {{ passwordFile: {hosts.Redis.PasswordFile} }} }}") +
            Entry("cache-wrong-secret", [address], hosts.Redis.Port, $"{{ type: redis, panic: false, redis: {{ passwordFile: {wrongPassword} }} }}"));

        var run = await world.SyncAsync(config);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(Up, Conditions(world, "cache")[address.ToString()]);
        Assert.Equal(Down, Conditions(world, "cache-wrong-secret")[address.ToString()]);
        Assert.Contains($"unhealthy: {address}: AUTH failed: WRONGPASS", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(HealthTestHosts.RedisPassword, run.Output + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_probe_publishes_ready_on_200_and_not_ready_on_503_with_one_slice_update()
    {
        var address = hosts.Http.Address;
        var config = world.WriteConfig(Entry("web-api", [address], hosts.Http.Port, "{ type: http, panic: false, http: { path: /e2e-healthz } }"));
        var first = await world.SyncAsync(config);
        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        Assert.Equal(Up, Conditions(world, "web-api")[address.ToString()]);
        Assert.Contains(hosts.Http.Requests, static r => r is { Method: "GET", Path: "/e2e-healthz" });

        hosts.Http.SetStatus("/e2e-healthz", 503);
        world.Api.Writes.Reset();
        var down = await world.SyncAsync(config);

        Assert.True(down.ExitCode == ExitCodes.Success, down.ToString());
        // The slice and the AddressUnhealthy Event.
        Assert.Equal("create events=1, update endpointslices=1 (total 2)", world.Api.Writes.ToString());
        Assert.Equal(Down, Conditions(world, "web-api")[address.ToString()]);
        Assert.Contains($"unhealthy: {address}: HTTP 503 from GET /e2e-healthz, expected 200-399", down.Output, StringComparison.Ordinal);
    }
}
