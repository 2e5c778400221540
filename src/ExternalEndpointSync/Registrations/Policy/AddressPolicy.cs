using System.Net;
using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Registrations.Policy;

/// <summary>
/// Which addresses an ExternalService may publish: never the host's own (<see cref="AlwaysRefusedNetworks"/>);
/// then anything in its namespace's <c>allowedCidrs</c>; never the cluster's pod and Service networks
/// (discovered and configured), its nodes' addresses, or the admin's <c>refusedCidrs</c>; anything else.
/// IPv4-mapped IPv6 addresses are judged as the IPv4 address they map.
/// </summary>
public sealed class AddressPolicy
{
    private readonly ExternalServicePolicy _policy;
    private readonly (IPNetwork Network, string Reason)[] _refused;
    private readonly HashSet<IPAddress> _nodeAddresses;

    public AddressPolicy(ExternalServicePolicy policy, ClusterFacts facts)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(facts);
        _policy = policy;
        _refused =
        [
            .. facts.PodCidrs.Concat(policy.ClusterNetworks.PodCidrs).Distinct().Select(static n => (n, $"in the cluster's pod network {n}")),
            .. facts.ServiceCidrs.Concat(policy.ClusterNetworks.ServiceCidrs).Distinct().Select(static n => (n, $"in the cluster's Service network {n}")),
            .. policy.RefusedCidrs.Select(static n => (n, $"in {n}, refused by externalServices.refusedCidrs")),
        ];
        _nodeAddresses = [.. facts.NodeAddresses.Select(Unmapped)];
    }

    /// <summary>Why <paramref name="address"/> may not be published for an ExternalService in <paramref name="namespace"/>, or null when it may.</summary>
    public string? RefusalReason(IPAddress address, string @namespace)
    {
        ArgumentNullException.ThrowIfNull(address);
        var plain = Unmapped(address);
        if (AlwaysRefusedNetworks.Reason(plain) is { } always)
        {
            return always;
        }

        if (_policy.OverrideFor(@namespace) is { } exception && exception.AllowedCidrs.Any(network => network.Contains(plain)))
        {
            return null;
        }

        if (_nodeAddresses.Contains(plain))
        {
            return "the address of a cluster node";
        }

        return _refused.FirstOrDefault(entry => entry.Network.Contains(plain)).Reason;
    }

    private static IPAddress Unmapped(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
