using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ExternalEndpointSync.Planning;

/// <summary>
/// Keeps only the addresses the API server accepts in Endpoints and EndpointSlices, written
/// canonically and without duplicates. The rejected ranges are those of Kubernetes'
/// <c>ValidateEndpointIP</c>, which uses Go's <c>net.IP</c> predicates: unspecified, loopback,
/// link-local unicast and link-local multicast.
/// </summary>
internal static class AddressFilter
{
    public const string Malformed = "not a valid IP address";
    public const string Unspecified = "unspecified address";
    public const string Loopback = "loopback address";
    public const string LinkLocal = "link-local address";
    public const string LinkLocalMulticast = "link-local multicast address";
    public const string PortOutOfRange = "port out of range 1-65535";

    /// <summary>
    /// Returns the accepted endpoints in their first-seen order and the dropped addresses with a
    /// reason (an endpoint whose learned port is not a port is dropped too). Two endpoints that
    /// would be published the same way (same canonical address, same endpoint port once
    /// <paramref name="firstEndpointPort"/> stands in for an unlearned one) are one; when their
    /// readiness differs the ready one's conditions win, so a duplicate never hides a healthy
    /// address. Without declared ports (<paramref name="firstEndpointPort"/> null) the port is
    /// not published, so the address alone identifies an endpoint.
    /// </summary>
    public static (IReadOnlyList<AcceptedEndpoint> Accepted, IReadOnlyList<DroppedAddress> Dropped) Filter(
        IReadOnlyList<PublishedEndpoint> endpoints,
        int? firstEndpointPort)
    {
        var accepted = new List<AcceptedEndpoint>(endpoints.Count);
        var indexByKey = new Dictionary<(string Address, int? Port), int>();
        var dropped = new List<DroppedAddress>();

        foreach (var endpoint in endpoints)
        {
            var reason = Classify(endpoint.Address, out var address) ?? (endpoint.Port is < 1 or > 65535 ? PortOutOfRange : null);
            if (reason is not null)
            {
                dropped.Add(new DroppedAddress(endpoint.Address, reason));
                continue;
            }

            var candidate = new AcceptedEndpoint(address, endpoint.Port, endpoint.Ready, endpoint.Serving);
            var key = (candidate.Text, firstEndpointPort is null ? null : candidate.Port ?? firstEndpointPort);
            if (indexByKey.TryGetValue(key, out var index))
            {
                if (candidate.Ready && !accepted[index].Ready)
                {
                    accepted[index] = candidate;
                }

                continue;
            }

            indexByKey.Add(key, accepted.Count);
            accepted.Add(candidate);
        }

        return (accepted, dropped);
    }

    /// <summary>Parses and classifies one address; null means it may be published.</summary>
    public static string? Classify(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (!TryParse(text.Trim(), out var parsed))
        {
            return Malformed;
        }

        address = parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed;
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var length);
        return length == 4 ? ClassifyIPv4(bytes[..4]) : ClassifyIPv6(bytes[..16]);
    }

    private static string? ClassifyIPv4(ReadOnlySpan<byte> b) => b switch
    {
        [0, 0, 0, 0] => Unspecified,
        [127, ..] => Loopback,
        [169, 254, ..] => LinkLocal,
        [224, 0, 0, _] => LinkLocalMulticast,
        _ => null,
    };

    private static string? ClassifyIPv6(ReadOnlySpan<byte> b)
    {
        if (b.IndexOfAnyExcept((byte)0) < 0)
        {
            return Unspecified;
        }

        if (b[..15].IndexOfAnyExcept((byte)0) < 0 && b[15] == 1)
        {
            return Loopback;
        }

        if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
        {
            return LinkLocal;
        }

        // Go's IsLinkLocalMulticast: multicast (ff00::/8) with link-local scope, whatever the flags.
        return b[0] == 0xff && (b[1] & 0x0f) == 0x02 ? LinkLocalMulticast : null;
    }

    /// <summary>
    /// Stricter than <see cref="IPAddress.TryParse(string, out IPAddress)"/>: IPv4 only as four
    /// decimal parts without leading zeros (.NET would read <c>010</c> as octal, Go as decimal:
    /// the text is ambiguous, so it is rejected), IPv6 without a zone.
    /// </summary>
    private static bool TryParse(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return !text.Contains('%', StringComparison.Ordinal)
                && IPAddress.TryParse(text, out address!)
                && address.AddressFamily == AddressFamily.InterNetworkV6;
        }

        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < 4; i++)
        {
            var part = parts[i];
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0') || !part.All(char.IsAsciiDigit)
                || !byte.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }
        }

        address = new IPAddress(bytes);
        return true;
    }
}
