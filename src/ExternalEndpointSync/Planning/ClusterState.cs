using k8s.Models;

namespace ExternalEndpointSync.Planning;

/// <summary>The objects this instance owns in the cluster, as listed by its ownership labels.</summary>
public sealed record ClusterState(
    IReadOnlyList<V1Service> Services,
    IReadOnlyList<V1EndpointSlice> EndpointSlices,
    IReadOnlyList<V1Endpoints> Endpoints)
{
    public static ClusterState Empty { get; } = new([], [], []);
}
