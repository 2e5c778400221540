using System.Net;
using System.Net.Sockets;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// The endpoint IP rules of <c>validateNonSpecialIP</c>: Kubernetes refuses unspecified, loopback,
/// link-local and link-local multicast addresses in Endpoints and EndpointSlices. Other multicast passes.
/// </summary>
public static class SpecialAddressRules
{
    private static readonly IPNetwork LoopbackV4 = IPNetwork.Parse("127.0.0.0/8");
    private static readonly IPNetwork LinkLocalV4 = IPNetwork.Parse("169.254.0.0/16");
    private static readonly IPNetwork LinkLocalMulticastV4 = IPNetwork.Parse("224.0.0.0/24");
    private static readonly IPNetwork LinkLocalV6 = IPNetwork.Parse("fe80::/10");
    private static readonly IPNetwork LinkLocalMulticastV6 = IPNetwork.Parse("ff02::/10");

    /// <summary>Parses an IP the way Kubernetes accepts it (no zone, no brackets); null when invalid.</summary>
    public static IPAddress? ParseIp(string text)
    {
        if (text.Length == 0 || text.Contains('%', StringComparison.Ordinal) || text.Contains('[', StringComparison.Ordinal)
            || !IPAddress.TryParse(text, out var address))
        {
            return null;
        }

        // IPAddress.TryParse accepts shorthand such as "10.1" or "1"; Kubernetes does not.
        if (address.AddressFamily == AddressFamily.InterNetwork && text.Split('.').Length != 4)
        {
            return null;
        }

        return address;
    }

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

        if (LinkLocalMulticastV4.Contains(address) || LinkLocalMulticastV6.Contains(address))
        {
            return "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)";
        }

        return null;
    }
}
