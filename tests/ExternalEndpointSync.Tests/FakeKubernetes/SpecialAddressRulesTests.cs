using ExternalEndpointSync.TestSupport.FakeKubernetes;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

public sealed class SpecialAddressRulesTests
{
    [Theory]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("127.255.255.254", "loopback")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("169.254.0.1", "link-local range")]
    [InlineData("febf::1", "link-local range")]
    [InlineData("224.0.0.255", "link-local multicast")]
    [InlineData("ff02::fb", "link-local multicast")]
    public void Special_addresses_have_a_reason(string text, string reason)
    {
        var ip = SpecialAddressRules.ParseIp(text);

        Assert.NotNull(ip);
        Assert.Contains(reason, SpecialAddressRules.Violation(ip), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("224.0.1.1")]
    [InlineData("2001:db8::1")]
    [InlineData("fec0::1")]
    public void Ordinary_addresses_pass(string text) =>
        Assert.Null(SpecialAddressRules.Violation(SpecialAddressRules.ParseIp(text)!));

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("10.0.1")]
    [InlineData("fe80::1%eth0")]
    [InlineData("[::1]")]
    public void Shorthand_and_zoned_forms_are_not_ips(string text) =>
        Assert.Null(SpecialAddressRules.ParseIp(text));
}
