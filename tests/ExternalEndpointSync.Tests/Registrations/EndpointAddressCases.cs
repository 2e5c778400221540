namespace ExternalEndpointSync.Tests.Registrations;

/// <summary>How Kubernetes judges a text as an endpoint address (<c>ValidateNonSpecialIP</c> and the slice's family check).</summary>
public enum AddressVerdict
{
    IPv4,
    IPv6,
    Unspecified,
    Loopback,
    LinkLocal,
    LinkLocalMulticast,
    NotAnIp,
}

/// <summary>
/// The one table of endpoint address cases that both the product's <c>Model/EndpointAddressRules</c>
/// and the fake API server's <c>SpecialAddressRules</c> (and its Endpoints and EndpointSlice
/// validation) are tested against. Verdicts follow Go's <c>net.IP</c>: an IPv4-mapped IPv6 address
/// is IPv4; IPv6 link-local multicast is any <c>ffX2::/16</c>; other multicast and broadcast pass.
/// Leading zeros (<c>192.0.2.01</c>) are left out: Go's sloppy parser reads them, the product refuses them on purpose.
/// </summary>
public static class EndpointAddressCases
{
    public static TheoryData<string, AddressVerdict> All() => new()
    {
        { "192.0.2.10", AddressVerdict.IPv4 },
        { "10.0.0.1", AddressVerdict.IPv4 },
        { "239.1.2.3", AddressVerdict.IPv4 },
        { "224.0.1.1", AddressVerdict.IPv4 },
        { "255.255.255.255", AddressVerdict.IPv4 },
        { "::ffff:192.0.2.1", AddressVerdict.IPv4 },
        { "2001:db8::10", AddressVerdict.IPv6 },
        { "2001:DB8::0010", AddressVerdict.IPv6 },
        { "ff05::1", AddressVerdict.IPv6 },
        { "ff01::1", AddressVerdict.IPv6 },
        { "ff03::1", AddressVerdict.IPv6 },
        { "ff0e::1", AddressVerdict.IPv6 },
        { "fec0::1", AddressVerdict.IPv6 },
        { "0.0.0.0", AddressVerdict.Unspecified },
        { "::", AddressVerdict.Unspecified },
        { "::ffff:0.0.0.0", AddressVerdict.Unspecified },
        { "127.0.0.1", AddressVerdict.Loopback },
        { "127.255.0.9", AddressVerdict.Loopback },
        { "::1", AddressVerdict.Loopback },
        { "::ffff:127.0.0.1", AddressVerdict.Loopback },
        { "169.254.169.254", AddressVerdict.LinkLocal },
        { "::ffff:169.254.1.1", AddressVerdict.LinkLocal },
        { "fe80::1", AddressVerdict.LinkLocal },
        { "febf::1", AddressVerdict.LinkLocal },
        { "224.0.0.0", AddressVerdict.LinkLocalMulticast },
        { "224.0.0.251", AddressVerdict.LinkLocalMulticast },
        { "::ffff:224.0.0.1", AddressVerdict.LinkLocalMulticast },
        { "ff02::fb", AddressVerdict.LinkLocalMulticast },
        { "ff02::1:ff00:1", AddressVerdict.LinkLocalMulticast },
        { "ff12::1", AddressVerdict.LinkLocalMulticast },
        { "ff32::1", AddressVerdict.LinkLocalMulticast },
        { "10.1", AddressVerdict.NotAnIp },
        { "10", AddressVerdict.NotAnIp },
        { "0x0a.0.0.1", AddressVerdict.NotAnIp },
        { "192.0.2.256", AddressVerdict.NotAnIp },
        { "192.0.2.1 ", AddressVerdict.NotAnIp },
        { " 192.0.2.1", AddressVerdict.NotAnIp },
        { "fe80::1%eth0", AddressVerdict.NotAnIp },
        { "[2001:db8::1]", AddressVerdict.NotAnIp },
        { "2001:db8::1::2", AddressVerdict.NotAnIp },
        { "db.example.com", AddressVerdict.NotAnIp },
        { "", AddressVerdict.NotAnIp },
    };
}
