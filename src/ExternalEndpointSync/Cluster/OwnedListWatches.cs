using ExternalEndpointSync.Cluster.Watch;
using ExternalEndpointSync.Model;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Cluster;

/// <summary>The list and watch calls of the kinds we write, in every namespace, selected by one owner's labels.</summary>
public static class OwnedListWatches
{
    public static ListWatch<V1Service> Services(IKubernetes client, string ownerId) => ListWatch.Of<V1Service, V1ServiceList>(
        WrittenKind.Service.Plural,
        WrittenKind.Service.ApiVersion,
        WrittenKind.Service.Kind,
        OwnershipLabels.Selector(ownerId),
        null,
        (r, ct) => client.CoreV1.ListServiceForAllNamespacesAsync(
            continueParameter: r.Continue, labelSelector: r.LabelSelector, limit: r.Limit, cancellationToken: ct),
        (r, onError, ct) => client.CoreV1.WatchListServiceForAllNamespacesAsync(
            allowWatchBookmarks: r.AllowWatchBookmarks, labelSelector: r.LabelSelector, resourceVersion: r.ResourceVersion,
            timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct));

    public static ListWatch<V1EndpointSlice> EndpointSlices(IKubernetes client, string ownerId) => ListWatch.Of<V1EndpointSlice, V1EndpointSliceList>(
        WrittenKind.EndpointSlice.Plural,
        WrittenKind.EndpointSlice.ApiVersion,
        WrittenKind.EndpointSlice.Kind,
        OwnershipLabels.Selector(ownerId),
        null,
        (r, ct) => client.DiscoveryV1.ListEndpointSliceForAllNamespacesAsync(
            continueParameter: r.Continue, labelSelector: r.LabelSelector, limit: r.Limit, cancellationToken: ct),
        (r, onError, ct) => client.DiscoveryV1.WatchListEndpointSliceForAllNamespacesAsync(
            allowWatchBookmarks: r.AllowWatchBookmarks, labelSelector: r.LabelSelector, resourceVersion: r.ResourceVersion,
            timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct));

    public static ListWatch<V1Endpoints> Endpoints(IKubernetes client, string ownerId) => ListWatch.Of<V1Endpoints, V1EndpointsList>(
        WrittenKind.Endpoints.Plural,
        WrittenKind.Endpoints.ApiVersion,
        WrittenKind.Endpoints.Kind,
        OwnershipLabels.Selector(ownerId),
        null,
        (r, ct) => client.CoreV1.ListEndpointsForAllNamespacesAsync(
            continueParameter: r.Continue, labelSelector: r.LabelSelector, limit: r.Limit, cancellationToken: ct),
        (r, onError, ct) => client.CoreV1.WatchListEndpointsForAllNamespacesAsync(
            allowWatchBookmarks: r.AllowWatchBookmarks, labelSelector: r.LabelSelector, resourceVersion: r.ResourceVersion,
            timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct));
}
