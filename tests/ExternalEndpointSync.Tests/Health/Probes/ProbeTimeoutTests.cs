using ExternalEndpointSync.Model;
using ExternalEndpointSync.TestSupport.Servers;
using Xunit;

namespace ExternalEndpointSync.Tests.Health.Probes;

/// <summary>A server that accepts and never answers: every request-reply probe must end at its timeout.</summary>
public sealed class ProbeTimeoutTests
{
    [Theory]
    [InlineData(HealthCheckType.Http)]
    [InlineData(HealthCheckType.Https)]
    [InlineData(HealthCheckType.Tls)]
    [InlineData(HealthCheckType.Postgres)]
    [InlineData(HealthCheckType.Redis)]
    public async Task A_black_hole_times_out(HealthCheckType type)
    {
        await using var hole = BlackHoleServer.Start();

        var result = await Probing.RunAsync(hole.Address, hole.Port, Probing.Spec(type, timeoutSeconds: 0.3));

        Assert.False(result.Succeeded);
        Assert.Equal("timed out after 0.3s", result.Failure);
    }

    [Fact]
    public async Task A_black_hole_is_up_for_a_tcp_check_because_it_accepts()
    {
        await using var hole = BlackHoleServer.Start();

        var result = await Probing.RunAsync(hole.Address, hole.Port, Probing.Spec(HealthCheckType.Tcp, timeoutSeconds: 0.3));

        Assert.True(result.Succeeded, result.Failure);
    }
}
