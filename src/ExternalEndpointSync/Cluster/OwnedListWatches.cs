using ExternalEndpointSync.Cluster.Watch;
using ExternalEndpointSync.Model;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Cluster;

/// <summary>The list and watch calls of the kinds we write, in every namespace, selected by one owner's labels.</summary>
public static class OwnedListWatches
{
    public static ListWatch<V1Service> Services(IKubernetes client, string ownerId) => Of(WrittenKind.Service, client, ownerId);

    public static ListWatch<V1EndpointSlice> EndpointSlices(IKubernetes client, string ownerId) => Of(WrittenKind.EndpointSlice, client, ownerId);

    public static ListWatch<V1Endpoints> Endpoints(IKubernetes client, string ownerId) => Of(WrittenKind.Endpoints, client, ownerId);

    private static ListWatch<T> Of<T, TList>(WrittenKind<T, TList> kind, IKubernetes client, string ownerId)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : IItems<T>, IMetadata<V1ListMeta>
    {
        var selector = OwnershipLabels.Selector(ownerId);
        return ListWatch.Of<T, TList>(
            kind.Plural,
            kind.ApiVersion,
            kind.Kind,
            selector,
            null,
            (r, ct) => kind.ListPageAsync(client, selector, r.Limit, r.Continue, ct),
            (r, onError, ct) => kind.WatchAsync(client, selector, r.ResourceVersion, r.AllowWatchBookmarks, r.TimeoutSeconds, onError, ct));
    }
}
