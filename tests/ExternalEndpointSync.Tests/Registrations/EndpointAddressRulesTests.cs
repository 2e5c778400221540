using System.Net;
using ExternalEndpointSync.Model;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations;

public sealed class EndpointAddressRulesTests
{
    [Theory]
    [InlineData("192.0.2.10")]
    [InlineData("10.0.0.1")]
    [InlineData("2001:db8::10")]
    [InlineData("239.1.2.3")]
    [InlineData("ff05::1")]
    [InlineData("::ffff:192.0.2.1")]
    public void Accepts_addresses_Kubernetes_publishes(string text)
    {
        Assert.True(EndpointAddressRules.TryParse(text, out var address, out var reason), reason);
        Assert.Equal(IPAddress.Parse(text), address);
    }

    [Theory]
    [InlineData("0.0.0.0", "unspecified address")]
    [InlineData("::", "unspecified address")]
    [InlineData("127.0.0.1", "loopback address")]
    [InlineData("127.255.0.9", "loopback address")]
    [InlineData("::1", "loopback address")]
    [InlineData("::ffff:127.0.0.1", "loopback address")]
    [InlineData("169.254.169.254", "link-local address")]
    [InlineData("fe80::1", "link-local address")]
    [InlineData("febf::1", "link-local address")]
    [InlineData("224.0.0.251", "link-local multicast address")]
    [InlineData("ff02::fb", "link-local multicast address")]
    public void Rejects_special_addresses_with_a_reason_but_still_parses_them(string text, string expected)
    {
        Assert.False(EndpointAddressRules.TryParse(text, out var address, out var reason));
        Assert.Equal(expected, reason);
        Assert.NotNull(address);
        Assert.Equal(expected, EndpointAddressRules.RejectionReason(IPAddress.Parse(text)));
    }

    [Theory]
    [InlineData("10.1")]
    [InlineData("10")]
    [InlineData("0x0a.0.0.1")]
    [InlineData("192.0.2.256")]
    [InlineData("192.0.2.01")]
    [InlineData("192.0.2.1 ")]
    [InlineData("fe80::1%eth0")]
    [InlineData("2001:db8::1::2")]
    [InlineData("db.example.com")]
    [InlineData("")]
    public void Rejects_text_that_is_no_plain_ip_literal(string text)
    {
        Assert.False(EndpointAddressRules.TryParseLiteral(text, out var address, out var reason));
        Assert.Null(address);
        Assert.StartsWith("is not a valid", reason, StringComparison.Ordinal);
        Assert.False(EndpointAddressRules.TryParse(text, out _, out _));
    }
}
