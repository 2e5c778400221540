using ExternalEndpointSync.Model;
using Xunit;

namespace ExternalEndpointSync.Tests.Model;

public sealed class NameserverTests
{
    [Theory]
    [InlineData("192.0.2.53", "192.0.2.53:53")]
    [InlineData("192.0.2.53:5353", "192.0.2.53:5353")]
    [InlineData("2001:db8::53", "[2001:db8::53]:53")]
    [InlineData("::1", "[::1]:53")]
    [InlineData("[2001:db8::53]:5353", "[2001:db8::53]:5353")]
    [InlineData("[::1]:53", "[::1]:53")]
    [InlineData("127.0.0.1:65535", "127.0.0.1:65535")]
    public void Accepts_ip_ip_port_and_bracketed_ipv6_with_port(string text, string endpoint)
    {
        Assert.True(Nameserver.TryParse(text, out var nameserver));
        Assert.Equal(endpoint, nameserver.EndPoint.ToString());
        Assert.Equal(nameserver, Nameserver.Parse(endpoint));
    }

    [Theory]
    [InlineData("")]
    [InlineData("dns.example.com")]
    [InlineData("dns.example.com:53")]
    [InlineData("192.0.2.53:0")]
    [InlineData("192.0.2.53:70000")]
    [InlineData("192.0.2.53:")]
    [InlineData("192.0.2.53:+53")]
    [InlineData("192.0.2.053")]
    [InlineData("10")]
    [InlineData("[::1]")]
    [InlineData("[::1]:")]
    [InlineData("[192.0.2.53]:53")]
    [InlineData(" 127.0.0.1")]
    [InlineData("fe80::1%eth0")]
    public void Refuses_anything_else(string text)
    {
        Assert.False(Nameserver.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => Nameserver.Parse(text));
        Assert.Contains(Nameserver.Rule, error.Message, StringComparison.Ordinal);
    }
}
