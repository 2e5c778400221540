using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ExternalEndpointSync.Registrations;

/// <summary>
/// Spellings of static addresses that are common mistakes (a port or brackets written with the
/// address) and addresses Kubernetes accepts but that are almost never meant as an endpoint.
/// </summary>
internal static class StaticAddressForms
{
    /// <summary>The first address of Kubernetes' default Service network (10.96.0.0/12, kubeadm's default).</summary>
    private static readonly IPNetwork DefaultServiceNetwork = IPNetwork.Parse("10.96.0.0/12");

    /// <summary>Why <paramref name="text"/> is not how an address is written here, or null.</summary>
    public static string? Miswritten(string text)
    {
        if (text.StartsWith('['))
        {
            return "must be an IPv6 address without brackets (and without a port: ports are declared in ports)";
        }

        var colon = text.LastIndexOf(':');
        if (colon > 0 && text.IndexOf(':', StringComparison.Ordinal) == colon
            && IPAddress.TryParse(text[..colon], out var host) && host.AddressFamily == AddressFamily.InterNetwork
            && int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return "must be an IP address without a port: ports are declared in ports, and targetPort sets the endpoint port";
        }

        return null;
    }

    /// <summary>Why an address Kubernetes accepts is still doubtful as an endpoint, or null.</summary>
    public static string? Doubtful(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return $"is an IPv4-mapped IPv6 address, which Kubernetes treats as the IPv4 address {address.MapToIPv4()}; write {address.MapToIPv4()}";
        }

        if (address.Equals(IPAddress.Broadcast))
        {
            return "is the broadcast address; no client can connect to it";
        }

        var bytes = address.GetAddressBytes();
        if ((address.AddressFamily == AddressFamily.InterNetwork && bytes[0] is >= 224 and <= 239) || address.IsIPv6Multicast)
        {
            return "is a multicast address; TCP clients cannot connect to it";
        }

        return DefaultServiceNetwork.Contains(address)
            ? "is in 10.96.0.0/12, the default Kubernetes Service network; publishing a Service IP as an endpoint sends traffic back into the cluster"
            : null;
    }
}
