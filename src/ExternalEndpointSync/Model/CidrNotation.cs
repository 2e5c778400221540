using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ExternalEndpointSync.Model;

/// <summary>
/// Networks written as <c>10.244.0.0/16</c> or <c>fd00:10:96::/112</c>, read the same way from the
/// configuration and from the cluster (Node <c>spec.podCIDRs</c>, ServiceCIDR <c>spec.cidrs</c>).
/// The address is written as <see cref="EndpointAddressRules.TryParseLiteral"/> reads one, and no
/// bit may be set after the prefix, as Kubernetes requires of ServiceCIDRs.
/// </summary>
public static class CidrNotation
{
    public static bool TryParse(string text, [NotNullWhen(true)] out IPNetwork? network, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(text);
        network = null;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            reason = "is not a CIDR (an address, '/' and a prefix length, such as 10.244.0.0/16)";
            return false;
        }

        if (!EndpointAddressRules.TryParseLiteral(text[..slash], out var address, out var malformed))
        {
            reason = $"is not a CIDR: the address {malformed}";
            return false;
        }

        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var lengthText = text[(slash + 1)..];
        var wellFormed = lengthText.Length is > 0 and <= 3 && lengthText.All(char.IsAsciiDigit) && (lengthText.Length == 1 || lengthText[0] != '0');
        var length = wellFormed ? int.Parse(lengthText, CultureInfo.InvariantCulture) : -1;
        if (length < 0 || length > bits)
        {
            reason = $"is not a CIDR: the prefix length must be a number from 0 to {bits}";
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            reason = "is an IPv4-mapped IPv6 network; addresses are compared as IPv4, so write it as an IPv4 CIDR";
            return false;
        }

        var masked = Masked(address, length);
        if (!masked.Equals(address))
        {
            reason = $"has bits set after the prefix length; the network is {masked}/{length}";
            return false;
        }

        network = new IPNetwork(address, length);
        reason = null;
        return true;
    }

    public static IPNetwork Parse(string text) =>
        TryParse(text, out var network, out var reason) ? network.Value : throw new FormatException($"\"{text}\" {reason}");

    private static IPAddress Masked(IPAddress address, int length)
    {
        var bytes = address.GetAddressBytes();
        for (var bit = length; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }
}
