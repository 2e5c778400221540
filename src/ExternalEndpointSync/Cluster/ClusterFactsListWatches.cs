using ExternalEndpointSync.Cluster.Watch;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Cluster;

/// <summary>
/// The list and watch calls of the cluster-scoped kinds the ExternalService policy learns the
/// cluster from. A failed list is told to <c>listFailed</c> as well, so that a read need not wait
/// for a first list the informer keeps retrying.
/// </summary>
public static class ClusterFactsListWatches
{
    public static ListWatch<V1Node> Nodes(IKubernetes client, Action<Exception> listFailed)
    {
        ArgumentNullException.ThrowIfNull(client);
        return ListWatch.Of<V1Node, V1NodeList>(
            "nodes",
            V1Node.KubeApiVersion,
            V1Node.KubeKind,
            null,
            null,
            (r, ct) => Observed(client.CoreV1.ListNodeAsync(continueParameter: r.Continue, labelSelector: r.LabelSelector, limit: r.Limit, cancellationToken: ct), listFailed),
            (r, onError, ct) => client.CoreV1.WatchListNodeAsync(
                allowWatchBookmarks: r.AllowWatchBookmarks, labelSelector: r.LabelSelector, resourceVersion: r.ResourceVersion,
                timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct));
    }

    public static ListWatch<V1Namespace> Namespaces(IKubernetes client, Action<Exception> listFailed)
    {
        ArgumentNullException.ThrowIfNull(client);
        return ListWatch.Of<V1Namespace, V1NamespaceList>(
            "namespaces",
            V1Namespace.KubeApiVersion,
            V1Namespace.KubeKind,
            null,
            null,
            (r, ct) => Observed(client.CoreV1.ListNamespaceAsync(continueParameter: r.Continue, labelSelector: r.LabelSelector, limit: r.Limit, cancellationToken: ct), listFailed),
            (r, onError, ct) => client.CoreV1.WatchListNamespaceAsync(
                allowWatchBookmarks: r.AllowWatchBookmarks, labelSelector: r.LabelSelector, resourceVersion: r.ResourceVersion,
                timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct));
    }

    public static ListWatch<V1ServiceCIDR> ServiceCidrs(IKubernetes client, Action<Exception> listFailed)
    {
        ArgumentNullException.ThrowIfNull(client);
        return ListWatch.Of<V1ServiceCIDR, V1ServiceCIDRList>(
            ServiceCidrDiscovery.Resource,
            $"{V1ServiceCIDR.KubeGroup}/{V1ServiceCIDR.KubeApiVersion}",
            V1ServiceCIDR.KubeKind,
            null,
            null,
            (r, ct) => Observed(client.NetworkingV1.ListServiceCIDRAsync(continueParameter: r.Continue, labelSelector: r.LabelSelector, limit: r.Limit, cancellationToken: ct), listFailed),
            (r, onError, ct) => client.NetworkingV1.WatchListServiceCIDRAsync(
                allowWatchBookmarks: r.AllowWatchBookmarks, labelSelector: r.LabelSelector, resourceVersion: r.ResourceVersion,
                timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct));
    }

    private static async Task<TList> Observed<TList>(Task<TList> list, Action<Exception> listFailed)
    {
        try
        {
            return await list;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            listFailed(e);
            throw;
        }
    }
}
