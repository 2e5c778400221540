using System.Net;
using System.Net.Sockets;
using System.Numerics;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// Service IPs from one range per family, handed out in ascending order (the real allocator is
/// random; ascending keeps tests reproducible). An IP is never handed out twice while allocated.
/// </summary>
public sealed class ClusterIpAllocator
{
    private readonly HashSet<IPAddress> allocated = [];
    private readonly BigInteger first;
    private readonly BigInteger last;
    private readonly int byteLength;

    public ClusterIpAllocator(string cidr)
    {
        Range = IPNetwork.Parse(cidr);
        Family = Range.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? "IPv4" : "IPv6";
        byteLength = Range.BaseAddress.GetAddressBytes().Length;
        var bits = byteLength * 8;
        var network = ToNumber(Range.BaseAddress);
        var size = BigInteger.One << (bits - Range.PrefixLength);

        // Like kube-apiserver: skip the network address and the first IP (the "kubernetes" Service).
        first = network + 10;
        last = Family == "IPv4" ? network + size - 2 : network + size - 1;
    }

    public IPNetwork Range { get; }

    public string Family { get; }

    /// <summary>Reserves <paramref name="ip"/>, or explains (in the API server's words) why it cannot.</summary>
    public string? TryAllocate(IPAddress ip, bool dryRun)
    {
        if (!Range.Contains(ip))
        {
            return $"failed to allocate IP {ip}: the provided IP ({ip}) is not in the valid range. The range of valid IPs is {Range}";
        }

        if (allocated.Contains(ip))
        {
            return $"failed to allocate IP {ip}: provided IP is already allocated";
        }

        if (!dryRun)
        {
            allocated.Add(ip);
        }

        return null;
    }

    public IPAddress? AllocateNext(bool dryRun)
    {
        for (var n = first; n <= last; n++)
        {
            var ip = FromNumber(n);
            if (!allocated.Contains(ip))
            {
                if (!dryRun)
                {
                    allocated.Add(ip);
                }

                return ip;
            }
        }

        return null;
    }

    public void Release(IPAddress ip) => allocated.Remove(ip);

    private static BigInteger ToNumber(IPAddress ip) => new(ip.GetAddressBytes(), isUnsigned: true, isBigEndian: true);

    private IPAddress FromNumber(BigInteger n)
    {
        var bytes = n.ToByteArray(isUnsigned: true, isBigEndian: true);
        var padded = new byte[byteLength];
        bytes.CopyTo(padded, byteLength - bytes.Length);
        return new IPAddress(padded);
    }
}
