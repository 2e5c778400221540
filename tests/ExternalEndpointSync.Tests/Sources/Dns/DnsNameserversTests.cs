using ExternalEndpointSync.Sources.Dns;
using Xunit;

namespace ExternalEndpointSync.Tests.Sources.Dns;

public sealed class DnsNameserversTests
{
    [Theory]
    [InlineData("192.0.2.53", "192.0.2.53:53")]
    [InlineData("192.0.2.53:5353", "192.0.2.53:5353")]
    [InlineData("2001:db8::53", "[2001:db8::53]:53")]
    [InlineData("[2001:db8::53]", "[2001:db8::53]:53")]
    [InlineData("[2001:db8::53]:5353", "[2001:db8::53]:5353")]
    [InlineData(" 127.0.0.1:1053 ", "127.0.0.1:1053")]
    public void Parses_ip_and_optional_port(string entry, string expected)
    {
        Assert.True(DnsNameservers.TryParse(entry, out var endpoint));
        Assert.Equal(expected, endpoint.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("dns.example.com")]
    [InlineData("192.0.2.53:0")]
    [InlineData("192.0.2.53:70000")]
    [InlineData("10")]
    public void Rejects_anything_else(string entry) => Assert.False(DnsNameservers.TryParse(entry, out _));
}
