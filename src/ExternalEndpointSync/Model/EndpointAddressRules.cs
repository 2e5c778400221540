using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace ExternalEndpointSync.Model;

/// <summary>
/// Which addresses Kubernetes accepts in Endpoints and EndpointSlices: IP literals that are not
/// unspecified, loopback, link-local or link-local multicast (other multicast is accepted).
/// The configuration warns about the rest and the planner drops them, both by these rules.
/// </summary>
public static class EndpointAddressRules
{
    public const string Unspecified = "unspecified address";
    public const string Loopback = "loopback address";
    public const string LinkLocal = "link-local address";
    public const string LinkLocalMulticast = "link-local multicast address";

    /// <summary>
    /// True when <paramref name="text"/> is an IP address Kubernetes accepts as an endpoint.
    /// On false, <paramref name="address"/> is still set when the text was a valid IP literal
    /// that Kubernetes rejects, and null when it was no IP literal at all.
    /// </summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out IPAddress? address, [NotNullWhen(false)] out string? reason)
    {
        if (!TryParseLiteral(text, out address, out reason))
        {
            return false;
        }

        reason = RejectionReason(address);
        return reason is null;
    }

    /// <summary>
    /// Parses a plain IPv4 dotted quad or an IPv6 literal. Stricter than <see cref="IPAddress.TryParse(string, out IPAddress)"/>,
    /// which also takes "10.1", hex parts, brackets and zone ids; IPv4 parts with leading zeros are refused
    /// because Kubernetes refuses them.
    /// </summary>
    public static bool TryParseLiteral(string text, [NotNullWhen(true)] out IPAddress? address, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(text);
        address = null;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            // IPAddress.TryParse also takes "[2001:db8::1]" and zone ids; Kubernetes takes neither.
            if (text.Any(static c => !(char.IsAsciiHexDigit(c) || c is ':' or '.'))
                || !IPAddress.TryParse(text, out address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                address = null;
                reason = "is not a valid IPv6 address";
                return false;
            }

            reason = null;
            return true;
        }

        var parts = text.Split('.');
        if (parts.Length != 4 || parts.Any(part => !IsDecimalOctet(part)) || !IPAddress.TryParse(text, out address))
        {
            reason = parts.Any(part => part.Length > 1 && part[0] == '0' && part.All(char.IsAsciiDigit))
                ? "is not a valid IPv4 address (parts must not have leading zeros)"
                : "is not a valid IP address";
            return false;
        }

        reason = null;
        return true;
    }

    /// <summary>Why Kubernetes would refuse <paramref name="address"/> as an endpoint, or null when it accepts it.</summary>
    public static string? RejectionReason(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return Unspecified;
        }

        if (IPAddress.IsLoopback(address))
        {
            return Loopback;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var bytes = address.GetAddressBytes();
            return bytes switch
            {
                [169, 254, _, _] => LinkLocal,
                [224, 0, 0, _] => LinkLocalMulticast,
                _ => null,
            };
        }

        if (address.IsIPv6LinkLocal)
        {
            return LinkLocal;
        }

        var v6 = address.GetAddressBytes();
        
        // Go's IsLinkLocalMulticast: multicast (ff00::/8) with link-local scope, whatever the flags.
        return v6[0] == 0xff && (v6[1] & 0x0f) == 0x02 ? LinkLocalMulticast : null;
    }

    private static bool IsDecimalOctet(string part) =>
        part.Length is > 0 and <= 3
        && part.All(char.IsAsciiDigit)
        && (part.Length == 1 || part[0] != '0')
        && int.Parse(part, System.Globalization.CultureInfo.InvariantCulture) <= 255;
}
