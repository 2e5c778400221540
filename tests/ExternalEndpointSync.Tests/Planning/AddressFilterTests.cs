using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;
using Xunit;

namespace ExternalEndpointSync.Tests.Planning;

public sealed class AddressFilterTests
{
    [Theory]
    [InlineData("0.0.0.0", EndpointAddressRules.Unspecified)]
    [InlineData("::", EndpointAddressRules.Unspecified)]
    [InlineData("127.0.0.1", EndpointAddressRules.Loopback)]
    [InlineData("127.255.0.9", EndpointAddressRules.Loopback)]
    [InlineData("::1", EndpointAddressRules.Loopback)]
    [InlineData("::ffff:127.0.0.1", EndpointAddressRules.Loopback)]
    [InlineData("169.254.169.254", EndpointAddressRules.LinkLocal)]
    [InlineData("fe80::1", EndpointAddressRules.LinkLocal)]
    [InlineData("febf::1", EndpointAddressRules.LinkLocal)]
    [InlineData("224.0.0.1", EndpointAddressRules.LinkLocalMulticast)]
    [InlineData("ff02::1", EndpointAddressRules.LinkLocalMulticast)]
    [InlineData("ff12::1", EndpointAddressRules.LinkLocalMulticast)]
    [InlineData("", AddressFilter.Malformed)]
    [InlineData("db.example.com", AddressFilter.Malformed)]
    [InlineData("1", AddressFilter.Malformed)]
    [InlineData("10.1", AddressFilter.Malformed)]
    [InlineData("010.0.0.1", AddressFilter.Malformed)]
    [InlineData("256.0.0.1", AddressFilter.Malformed)]
    [InlineData("0x7f.0.0.1", AddressFilter.Malformed)]
    [InlineData("fe80::1%eth0", AddressFilter.Malformed)]
    [InlineData("2001:db8::1::2", AddressFilter.Malformed)]
    [InlineData("192.0.2.1", null)]
    [InlineData("10.0.0.0", null)]
    [InlineData("224.0.1.1", null)]
    [InlineData("239.255.255.250", null)]
    [InlineData("169.253.255.255", null)]
    [InlineData("fec0::1", null)]
    [InlineData("ff05::2", null)]
    [InlineData("2001:db8::1", null)]
    public void Rejects_what_the_API_server_rejects(string address, string? reason)
    {
        Assert.Equal(reason, AddressFilter.Classify(address, out _));
    }

    [Theory]
    [InlineData("2001:DB8::0010", "2001:db8::10")]
    [InlineData("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData(" 192.0.2.7 ", "192.0.2.7")]
    public void Writes_addresses_in_canonical_form(string address, string canonical)
    {
        var (accepted, dropped) = AddressFilter.Filter([new PublishedEndpoint { Address = address }], 80);

        Assert.Empty(dropped);
        Assert.Equal(canonical, Assert.Single(accepted).Text);
    }

    [Fact]
    public void Keeps_the_first_of_duplicates_unless_a_later_one_is_ready()
    {
        var (accepted, dropped) = AddressFilter.Filter([
            new PublishedEndpoint { Address = "2001:db8::1", Ready = false, Serving = true },
            new PublishedEndpoint { Address = "192.0.2.1" },
            new PublishedEndpoint { Address = "2001:DB8:0::1", Ready = true, Serving = true },
            new PublishedEndpoint { Address = "::ffff:192.0.2.1", Ready = false, Serving = false },
            new PublishedEndpoint { Address = "192.0.2.1", Port = 8443 },
            new PublishedEndpoint { Address = "127.0.0.1" },
            new PublishedEndpoint { Address = "192.0.2.3", Port = 0 },
            new PublishedEndpoint { Address = "192.0.2.4", Port = 65536 },
        ], firstEndpointPort: 443);

        Assert.Equal(
            [("2001:db8::1", (int?)null, true), ("192.0.2.1", null, true), ("192.0.2.1", 8443, true)],
            accepted.Select(endpoint => (endpoint.Text, endpoint.Port, endpoint.Ready)));
        Assert.Equal(
            [
                new DroppedAddress("127.0.0.1", EndpointAddressRules.Loopback),
                new DroppedAddress("192.0.2.3", AddressFilter.PortOutOfRange),
                new DroppedAddress("192.0.2.4", AddressFilter.PortOutOfRange),
            ],
            dropped);
    }

    [Fact]
    public void An_endpoint_published_the_same_way_twice_is_one()
    {
        PublishedEndpoint[] endpoints = [
            new() { Address = "192.0.2.1", Ready = false },
            new() { Address = "192.0.2.1", Port = 443 },
            new() { Address = "192.0.2.1", Port = 8443 },
        ];

        var withPorts = AddressFilter.Filter(endpoints, firstEndpointPort: 443).Accepted;
        var withoutPorts = AddressFilter.Filter(endpoints, firstEndpointPort: null).Accepted;

        Assert.Equal([((int?)443, true), (8443, true)], withPorts.Select(endpoint => (endpoint.Port, endpoint.Ready)));
        Assert.True(Assert.Single(withoutPorts).Ready);
    }
}
