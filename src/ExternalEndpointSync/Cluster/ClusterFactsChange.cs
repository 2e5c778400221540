namespace ExternalEndpointSync.Cluster;

/// <summary>
/// What changed in the <see cref="ClusterFacts"/>: the cluster's networks (pod or Service CIDRs,
/// node addresses), which concern every ExternalService, and the labels of some namespaces, which
/// concern only the ExternalServices in them.
/// </summary>
public sealed record ClusterFactsChange(bool Networks, IReadOnlySet<string> RelabelledNamespaces)
{
    public static ClusterFactsChange Between(ClusterFacts before, ClusterFacts after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var networks = before.PodCidrs != after.PodCidrs
            || before.ServiceCidrs != after.ServiceCidrs
            || before.ServiceCidrsServed != after.ServiceCidrsServed
            || before.NodeAddresses != after.NodeAddresses;
        var relabelled = before.NamespaceLabels.Keys.Union(after.NamespaceLabels.Keys, StringComparer.Ordinal)
            .Where(ns => !Equals(before.NamespaceLabels.GetValueOrDefault(ns), after.NamespaceLabels.GetValueOrDefault(ns)))
            .ToHashSet(StringComparer.Ordinal);
        return new ClusterFactsChange(networks, relabelled);
    }

    public bool IsEmpty => !Networks && RelabelledNamespaces.Count == 0;

    /// <summary>Whether an ExternalService in <paramref name="namespace"/> may be judged differently now.</summary>
    public bool Concerns(string @namespace) => Networks || RelabelledNamespaces.Contains(@namespace);
}
