using System.Net;
using System.Numerics;

namespace ExternalEndpointSync.Tests.Planning;

/// <summary>Consecutive addresses, for tests that need thousands of them.</summary>
internal static class AddressRange
{
    public static IEnumerable<string> From(IPAddress first, int count)
    {
        var bytes = first.GetAddressBytes();
        var start = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        for (var i = 0; i < count; i++)
        {
            var next = (start + i).ToByteArray(isUnsigned: true, isBigEndian: true);
            var padded = new byte[bytes.Length];
            next.CopyTo(padded, bytes.Length - next.Length);
            yield return new IPAddress(padded).ToString();
        }
    }

    public static IEnumerable<string> From(string first, int count) => From(IPAddress.Parse(first), count);
}
