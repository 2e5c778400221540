using System.Net;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Cluster;

/// <summary>
/// What the cluster says that the ExternalService policy depends on: its own networks, which
/// custom resources may never publish into, and the labels of its namespaces, which a namespace
/// selector admits by.
/// </summary>
public sealed record ClusterFacts
{
    public static ClusterFacts None { get; } = new();

    /// <summary>Every Node's <c>spec.podCIDRs</c>.</summary>
    public ValueList<IPNetwork> PodCidrs { get; init; } = [];

    /// <summary>Every ServiceCIDR's <c>spec.cidrs</c>; empty where the cluster does not serve ServiceCIDR.</summary>
    public ValueList<IPNetwork> ServiceCidrs { get; init; } = [];

    /// <summary>False where networking.k8s.io/v1 ServiceCIDR is not served (before Kubernetes 1.33): only the configured Service networks are known.</summary>
    public bool ServiceCidrsServed { get; init; }

    /// <summary>Every Node's InternalIP and ExternalIP addresses.</summary>
    public ValueList<IPAddress> NodeAddresses { get; init; } = [];

    /// <summary>The labels of every namespace, by name; empty unless the policy has a namespace selector.</summary>
    public IReadOnlyDictionary<string, ValueDictionary> NamespaceLabels { get; init; } = new Dictionary<string, ValueDictionary>(StringComparer.Ordinal);
}
