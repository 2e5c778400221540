using ExternalEndpointSync.Model;
using k8s;
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

    /// <summary>
    /// The registration an object we write belongs to: a Service and Endpoints by namespace and name,
    /// a slice by namespace and its <c>kubernetes.io/service-name</c> label (null without one).
    /// </summary>
    public static ServiceKey? ServiceOf(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var metadata = obj.Metadata;
        if (obj is V1EndpointSlice)
        {
            return metadata.Labels is { } labels && labels.TryGetValue(OwnershipLabels.ServiceNameKey, out var service)
                ? new ServiceKey(metadata.NamespaceProperty, service)
                : null;
        }

        return new ServiceKey(metadata.NamespaceProperty, metadata.Name);
    }

    private ClusterState Where(Func<ServiceKey, bool> belongs) => this with
    {
        Services = [.. Services.Where(s => belongs(ServiceOf(s)!.Value))],
        EndpointSlices = [.. EndpointSlices.Where(s => ServiceOf(s) is { } service && belongs(service))],
        Endpoints = [.. Endpoints.Where(e => belongs(ServiceOf(e)!.Value))],
    };
}
