using System.Net;
using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Model;
using k8s.Models;

namespace ExternalEndpointSync.Cluster;

/// <summary>
/// What the cluster says that the ExternalService policy depends on: its own networks, which
/// custom resources may never publish into, and the labels of its namespaces, which a namespace
/// selector admits by. Values the cluster holds that are no CIDR or address are skipped: the API
/// server validates them, and a policy must not fail for one odd Node.
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

    /// <summary>
    /// The facts of these objects; <paramref name="serviceCidrs"/> null where ServiceCIDR is not
    /// served, <paramref name="namespaces"/> null where namespace labels are not needed. Networks and
    /// addresses come sorted, so that the same cluster always gives equal facts.
    /// </summary>
    public static ClusterFacts From(IEnumerable<V1Node> nodes, IEnumerable<V1ServiceCIDR>? serviceCidrs, IEnumerable<V1Namespace>? namespaces)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var nodeList = nodes.ToList();
        return new ClusterFacts
        {
            PodCidrs = Sorted(nodeList.SelectMany(PodCidrsOf)),
            ServiceCidrs = Sorted((serviceCidrs ?? []).SelectMany(CidrsOf)),
            ServiceCidrsServed = serviceCidrs is not null,
            NodeAddresses = nodeList.SelectMany(AddressesOf).Distinct().OrderBy(static a => a.ToString(), StringComparer.Ordinal).ToValueList(),
            NamespaceLabels = (namespaces ?? []).ToDictionary(static ns => ns.Metadata.Name, LabelsOf, StringComparer.Ordinal),
        };
    }

    /// <summary>A Node's pod networks (<c>spec.podCIDRs</c>).</summary>
    public static IEnumerable<IPNetwork> PodCidrsOf(V1Node node) => Networks(node?.Spec?.PodCIDRs ?? []);

    /// <summary>A Node's InternalIP and ExternalIP addresses; its host name and DNS names are no address.</summary>
    public static IEnumerable<IPAddress> AddressesOf(V1Node node) =>
        (node?.Status?.Addresses ?? [])
            .Where(static a => a.Type is "InternalIP" or "ExternalIP")
            .Select(static a => EndpointAddressRules.TryParseLiteral(a.Address ?? "", out var address, out _) ? address : null)
            .OfType<IPAddress>();

    /// <summary>A ServiceCIDR's networks (<c>spec.cidrs</c>).</summary>
    public static IEnumerable<IPNetwork> CidrsOf(V1ServiceCIDR serviceCidr) => Networks(serviceCidr?.Spec?.Cidrs ?? []);

    public static ValueDictionary LabelsOf(V1Namespace ns) => ValueDictionary.From(ns?.Metadata?.Labels ?? new Dictionary<string, string>());

    private static IEnumerable<IPNetwork> Networks(IEnumerable<string> texts) =>
        texts.Select(static text => CidrNotation.TryParse(text, out var network, out _) ? network : null).OfType<IPNetwork>();

    private static ValueList<IPNetwork> Sorted(IEnumerable<IPNetwork> networks) =>
        networks.Distinct().OrderBy(static n => n.ToString(), StringComparer.Ordinal).ToValueList();
}
