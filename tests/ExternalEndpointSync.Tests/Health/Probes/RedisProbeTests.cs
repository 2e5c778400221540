using System.Net;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.TestSupport.Servers;
using Xunit;

namespace ExternalEndpointSync.Tests.Health.Probes;

public sealed class RedisProbeTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ees-redisprobe-");

    public void Dispose() => _directory.Delete(recursive: true);

    private static HealthCheckSpec Redis(string? passwordFile = null) =>
        Probing.Spec(HealthCheckType.Redis) with { Redis = new RedisProbeSpec { PasswordFile = passwordFile } };

    [Fact]
    public async Task PING_answered_with_PONG_is_up()
    {
        await using var redis = await RedisServer.StartAsync();

        var result = await Probing.RunAsync(redis.Address, redis.Port, Redis());

        Assert.True(result.Succeeded, result.Failure);
    }

    [Fact]
    public async Task A_stopped_server_is_down()
    {
        await using var redis = await RedisServer.StartAsync();
        await redis.StopAsync();

        var result = await Probing.RunAsync(redis.Address, redis.Port, Redis());

        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task AUTH_with_the_right_password_then_PING_is_up()
    {
        await using var redis = await RedisServer.StartAsync(password: "s3cret");

        var result = await Probing.RunAsync(redis.Address, redis.Port, Redis(redis.PasswordFile));

        Assert.True(result.Succeeded, result.Failure);
    }

    [Fact]
    public async Task A_wrong_password_is_down()
    {
        await using var redis = await RedisServer.StartAsync(password: "s3cret");
        var wrong = Path.Combine(_directory.FullName, "wrong");
        await File.WriteAllTextAsync(wrong, "guess");

        var result = await Probing.RunAsync(redis.Address, redis.Port, Redis(wrong));

        Assert.False(result.Succeeded);
        Assert.Contains("AUTH failed", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_protected_server_probed_without_a_password_is_down_with_NOAUTH()
    {
        await using var redis = await RedisServer.StartAsync(password: "s3cret");

        var result = await Probing.RunAsync(redis.Address, redis.Port, Redis());

        Assert.False(result.Succeeded);
        Assert.Contains("NOAUTH", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_redis_server_is_down()
    {
        await using var http = await HttpTestServer.StartAsync(IPAddress.Loopback);

        var result = await Probing.RunAsync(http.Address, http.Port, Redis());

        Assert.False(result.Succeeded);
    }
}
