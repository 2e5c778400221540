using System.Net;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.TestSupport.Servers;
using Xunit;

namespace ExternalEndpointSync.Tests.Health.Probes;

public sealed class TcpProbeTests
{
    [Fact]
    public async Task A_listening_port_is_up()
    {
        await using var server = TcpListenerServer.Start();

        var result = await Probing.RunAsync(server.Address, server.Port, Probing.Spec(HealthCheckType.Tcp));

        Assert.True(result.Succeeded, result.Failure);
    }

    [Fact]
    public async Task A_closed_port_is_down_with_connection_refused()
    {
        await using var server = TcpListenerServer.Start();
        var port = server.Port;
        await server.StopAsync();

        var result = await Probing.RunAsync(IPAddress.Loopback, port, Probing.Spec(HealthCheckType.Tcp));

        Assert.False(result.Succeeded);
        Assert.Contains("ConnectionRefused", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IPv6_addresses_are_probed()
    {
        await using var server = TcpListenerServer.Start(IPAddress.IPv6Loopback);

        var result = await Probing.RunAsync(IPAddress.IPv6Loopback, server.Port, Probing.Spec(HealthCheckType.Tcp));

        Assert.True(result.Succeeded, result.Failure);
    }
}
