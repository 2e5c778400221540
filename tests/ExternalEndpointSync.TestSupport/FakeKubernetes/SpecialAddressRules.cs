using System.Net;
using System.Net.Sockets;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// The endpoint IP rules of <c>ValidateNonSpecialIP</c> (pkg/apis/core/validation): Kubernetes refuses
/// unspecified, loopback, link-local and link-local multicast addresses in Endpoints and
/// EndpointSlices, by Go's <c>net.IP</c> predicates. Other multicast passes. An IPv4-mapped IPv6
/// address (<c>::ffff:10.0.0.1</c>) is IPv4 to Go (<c>To4() != nil</c>): it is judged, and counts, as IPv4.
/// </summary>
public static class SpecialAddressRules
{
    private static readonly IPNetwork LoopbackV4 = IPNetwork.Parse("127.0.0.0/8");
    private static readonly IPNetwork LinkLocalV4 = IPNetwork.Parse("169.254.0.0/16");
    private static readonly IPNetwork LinkLocalMulticastV4 = IPNetwork.Parse("224.0.0.0/24");
    private static readonly IPNetwork LinkLocalV6 = IPNetwork.Parse("fe80::/10");

    /// <summary>
    /// Parses an IP the way Go's <c>ParseIPSloppy</c> does: four decimal parts (leading zeros allowed,
    /// read as decimal) or an IPv6 literal; no zone, brackets, spaces, hex or shorthand. Null when invalid.
    /// </summary>
    public static IPAddress? ParseIp(string text)
    {
        if (text.Length == 0 || text.Any(c => !(char.IsAsciiHexDigit(c) || c is '.' or ':')))
        {
            return null;
        }

        if (!text.Contains(':', StringComparison.Ordinal))
        {
            var parts = text.Split('.');
            return parts.Length == 4 && parts.All(static p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit) && int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) <= 255)
                ? new IPAddress(parts.Select(static p => byte.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray())
                : null;
        }

        return IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6 ? address : null;
    }

    /// <summary>The family Go gives the address: IPv4 for a dotted quad and for an IPv4-mapped IPv6 address.</summary>
    public static AddressFamily FamilyOf(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? AddressFamily.InterNetwork : address.AddressFamily;

    /// <summary>Why the address may not be an endpoint, or null when it may.</summary>
    public static string? Violation(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return "may not be unspecified (0.0.0.0)";
        }

        if (LoopbackV4.Contains(address) || address.Equals(IPAddress.IPv6Loopback))
        {
            return "may not be in the loopback range (127.0.0.0/8, ::1/128)";
        }

        if (LinkLocalV4.Contains(address) || LinkLocalV6.Contains(address))
        {
            return "may not be in the link-local range (169.254.0.0/16, fe80::/10)";
        }

        // Go's IsLinkLocalMulticast: ff00::/8 with link-local scope (low nibble of the second byte 2), whatever the flags.
        var linkLocalMulticastV6 = address.AddressFamily == AddressFamily.InterNetworkV6
            && address.GetAddressBytes() is [0xff, var flagsAndScope, ..] && (flagsAndScope & 0x0f) == 0x02;
        if (LinkLocalMulticastV4.Contains(address) || linkLocalMulticastV6)
        {
            return "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)";
        }

        return null;
    }
}
