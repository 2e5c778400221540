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
        return Where(keys.Contains);
    }

    /// <summary>Only the objects that belong to none of the given registrations: what is left over when they are all planned.</summary>
    public ClusterState Except(IReadOnlySet<ServiceKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return Where(key => !keys.Contains(key));
    }

    private ClusterState Where(Func<ServiceKey, bool> belongs) => this with
    {
        Services = [.. Services.Where(s => belongs(new ServiceKey(s.Metadata.NamespaceProperty, s.Metadata.Name)))],
        EndpointSlices = [.. EndpointSlices.Where(s => s.Metadata.Labels is { } labels
            && labels.TryGetValue(OwnershipLabels.ServiceNameKey, out var service)
            && belongs(new ServiceKey(s.Metadata.NamespaceProperty, service)))],
        Endpoints = [.. Endpoints.Where(e => belongs(new ServiceKey(e.Metadata.NamespaceProperty, e.Metadata.Name)))],
    };
}
