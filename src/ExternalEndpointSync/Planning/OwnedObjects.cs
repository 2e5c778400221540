using ExternalEndpointSync.Model;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Planning;

/// <summary>
/// The owned objects of one registration as read from the cluster, with kind and apiVersion set.
/// Slices belong to it by namespace and the <c>kubernetes.io/service-name</c> label, Endpoints by
/// namespace and name.
/// </summary>
internal sealed record OwnedObjects(V1Service? Service, IReadOnlyList<V1EndpointSlice> Slices, V1Endpoints? Endpoints)
{
    public static OwnedObjects None { get; } = new(null, [], null);

    /// <summary>Everything in them, in the order of <see cref="ServicePlan.Desired"/>.</summary>
    public IEnumerable<IKubernetesObject<V1ObjectMeta>> All =>
        new IKubernetesObject<V1ObjectMeta>?[] { Service }.Concat(Slices).Append(Endpoints).OfType<IKubernetesObject<V1ObjectMeta>>();

    /// <summary>
    /// Indexes what <paramref name="owner"/> owns by registration. Anything without both ownership
    /// labels naming this owner is left out, whatever the reader returned.
    /// </summary>
    public static IReadOnlyDictionary<ServiceKey, OwnedObjects> Index(ClusterState state, string owner)
    {
        var services = state.Services
            .Where(service => OwnershipLabels.IsOwnedBy(service.Metadata, owner) && service.Metadata.Name is not null)
            .ToDictionary(service => KeyOf(service.Metadata, service.Metadata.Name), WrittenKind.Service.WithTypeMeta);
        var slices = state.EndpointSlices
            .Where(slice => OwnershipLabels.IsOwnedBy(slice.Metadata, owner)
                && slice.Metadata.Name is not null
                && slice.Metadata.Labels.TryGetValue(OwnershipLabels.ServiceNameKey, out var serviceName) && serviceName.Length > 0)
            .ToLookup(slice => KeyOf(slice.Metadata, slice.Metadata.Labels[OwnershipLabels.ServiceNameKey]), WrittenKind.EndpointSlice.WithTypeMeta);
        var endpoints = state.Endpoints
            .Where(item => OwnershipLabels.IsOwnedBy(item.Metadata, owner) && item.Metadata.Name is not null)
            .ToDictionary(item => KeyOf(item.Metadata, item.Metadata.Name), WrittenKind.Endpoints.WithTypeMeta);

        return services.Keys.Concat(slices.Select(group => group.Key)).Concat(endpoints.Keys)
            .Distinct()
            .ToDictionary(
                key => key,
                key => new OwnedObjects(
                    services.GetValueOrDefault(key),
                    [.. slices[key].OrderBy(slice => slice.Metadata.Name, StringComparer.Ordinal)],
                    endpoints.GetValueOrDefault(key)));
    }

    private static ServiceKey KeyOf(V1ObjectMeta metadata, string name) => new(metadata.NamespaceProperty ?? "", name);
}
