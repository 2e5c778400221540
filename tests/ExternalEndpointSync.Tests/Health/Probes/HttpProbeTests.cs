using System.Net;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.TestSupport.Servers;
using Xunit;

namespace ExternalEndpointSync.Tests.Health.Probes;

public sealed class HttpProbeTests
{
    private static HealthCheckSpec Http(string path = "/", string[]? expected = null, string? host = null, string method = "GET") =>
        Probing.Spec(HealthCheckType.Http) with
        {
            Http = new HttpProbeSpec { Path = path, ExpectedStatuses = expected is null ? [StatusRange.Success] : [.. expected.Select(StatusRange.Parse)], Host = host, Method = method },
        };

    [Theory]
    [InlineData(200, new[] { "200-399" }, true)]
    [InlineData(302, new[] { "200-399" }, true)]
    [InlineData(404, new[] { "200-399" }, false)]
    [InlineData(503, new[] { "200-399" }, false)]
    [InlineData(204, new[] { "204" }, true)]
    [InlineData(200, new[] { "204" }, false)]
    [InlineData(503, new[] { "500-599" }, true)]
    [InlineData(200, new[] { "204", "500-599" }, false)]
    public async Task The_status_decides_against_the_expected_ranges(int status, string[] expected, bool up)
    {
        await using var server = await HttpTestServer.StartAsync();
        server.SetStatus("/health", status);

        var result = await Probing.RunAsync(server.Address, server.Port, Http("/health", expected));

        Assert.Equal(up, result.Succeeded);
        if (!up)
        {
            Assert.Contains($"HTTP {status}", result.Failure, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Method_path_and_Host_header_are_sent()
    {
        await using var server = await HttpTestServer.StartAsync();

        var result = await Probing.RunAsync(server.Address, server.Port, Http("/ready", host: "orders.example.com", method: "HEAD"));

        Assert.True(result.Succeeded, result.Failure);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("HEAD", "/ready", "orders.example.com"), (request.Method, request.Path, request.Host));
    }

    [Fact]
    public async Task Without_a_Host_setting_the_address_is_the_Host()
    {
        await using var server = await HttpTestServer.StartAsync();

        await Probing.RunAsync(server.Address, server.Port, Http());

        Assert.Equal($"127.0.0.1:{server.Port}", Assert.Single(server.Requests).Host);
    }

    [Fact]
    public async Task IPv6_addresses_are_requested_with_a_bracketed_authority()
    {
        await using var server = await HttpTestServer.StartAsync(IPAddress.IPv6Loopback);

        var result = await Probing.RunAsync(IPAddress.IPv6Loopback, server.Port, Http());

        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal($"[::1]:{server.Port}", Assert.Single(server.Requests).Host);
    }

    [Fact]
    public async Task A_closed_port_is_down()
    {
        var port = Ports.FreeOn(IPAddress.Loopback);

        var result = await Probing.RunAsync(IPAddress.Loopback, port, Http());

        Assert.False(result.Succeeded);
        Assert.Contains("ConnectionRefused", result.Failure, StringComparison.Ordinal);
    }
}
