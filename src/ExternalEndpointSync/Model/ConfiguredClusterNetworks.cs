using System.Net;

namespace ExternalEndpointSync.Model;

/// <summary>
/// The cluster's pod and service networks as the admin writes them down: used in addition to what
/// is discovered from Nodes and ServiceCIDRs, and the only source where discovery is not possible
/// (a cluster without ServiceCIDR, nodes without <c>spec.podCIDRs</c> under some network plugins).
/// </summary>
public sealed record ConfiguredClusterNetworks
{
    public ValueList<IPNetwork> PodCidrs { get; init; } = [];

    public ValueList<IPNetwork> ServiceCidrs { get; init; } = [];
}
