using System.Net;

namespace ExternalEndpointSync.Registrations.Policy;

/// <summary>
/// Networks no ExternalService ever publishes into, whatever a namespace's <c>allowedCidrs</c> say:
/// the host itself and its link, where the node's own services and the cloud's metadata service listen.
/// </summary>
internal static class AlwaysRefusedNetworks
{
    public static readonly IPAddress MetadataAddress = IPAddress.Parse("169.254.169.254");

    private static readonly (IPNetwork Network, string Reason)[] Networks =
    [
        (IPNetwork.Parse("0.0.0.0/32"), "the unspecified address"),
        (IPNetwork.Parse("::/128"), "the unspecified address"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address (127.0.0.0/8)"),
        (IPNetwork.Parse("::1/128"), "the loopback address"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address (169.254.0.0/16)"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address (fe80::/10)"),
    ];

    /// <summary>Why <paramref name="address"/> (IPv4 already unmapped) is always refused, or null.</summary>
    public static string? Reason(IPAddress address) =>
        address.Equals(MetadataAddress) ? "the cloud metadata address"
        : Networks.FirstOrDefault(entry => entry.Network.Contains(address)).Reason;
}
