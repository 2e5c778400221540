using ExternalEndpointSync.Model;
using k8s.Models;

namespace ExternalEndpointSync.Planning;

/// <summary>The objects this instance owns in the cluster, as listed by its ownership labels.</summary>
public sealed record ClusterState(
    IReadOnlyList<V1Service> Services,
    IReadOnlyList<V1EndpointSlice> EndpointSlices,
    IReadOnlyList<V1Endpoints> Endpoints)
{
    public static ClusterState Empty { get; } = new([], [], []);

    /// <summary>Set when the cluster could not be read and this state stands in for it, with the reason.</summary>
    public string? Note { get; init; }

    /// <summary>Only the objects that belong to the given registrations, for planning a few services on their own.</summary>
    public ClusterState Scope(IReadOnlySet<ServiceKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return this with
        {
            Services = [.. Services.Where(s => keys.Contains(new ServiceKey(s.Metadata.NamespaceProperty, s.Metadata.Name)))],
            EndpointSlices = [.. EndpointSlices.Where(s => s.Metadata.Labels is { } labels
                && labels.TryGetValue(OwnershipLabels.ServiceNameKey, out var service)
                && keys.Contains(new ServiceKey(s.Metadata.NamespaceProperty, service)))],
            Endpoints = [.. Endpoints.Where(e => keys.Contains(new ServiceKey(e.Metadata.NamespaceProperty, e.Metadata.Name)))],
        };
    }
}
