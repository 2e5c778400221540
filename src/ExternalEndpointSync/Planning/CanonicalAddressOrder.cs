using System.Net;

namespace ExternalEndpointSync.Planning;

/// <summary>
/// The order endpoints take inside an EndpointSlice: IPv4 before IPv6, then by address bytes,
/// so <c>10.0.0.2</c> sorts before <c>10.0.0.10</c>.
/// </summary>
internal sealed class CanonicalAddressOrder : IComparer<IPAddress>
{
    public static CanonicalAddressOrder Instance { get; } = new();

    public int Compare(IPAddress? x, IPAddress? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var byFamily = x.AddressFamily.CompareTo(y.AddressFamily);
        if (byFamily != 0)
        {
            return byFamily;
        }

        Span<byte> left = stackalloc byte[16];
        Span<byte> right = stackalloc byte[16];
        x.TryWriteBytes(left, out var leftLength);
        y.TryWriteBytes(right, out var rightLength);
        return left[..leftLength].SequenceCompareTo(right[..rightLength]);
    }
}
