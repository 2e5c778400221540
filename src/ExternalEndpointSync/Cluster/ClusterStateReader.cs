using System.Net;
using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;
using k8s;
using k8s.Models;
using Polly;

namespace ExternalEndpointSync.Cluster;

/// <summary>
/// Reads what one owner has written: one paged list per kind, cluster-wide, selected by the
/// ownership labels (never a GET per object).
/// </summary>
public sealed class ClusterStateReader(IKubernetes client, ResiliencePipeline pipeline)
{
    public const int PageSize = 500;

    public async Task<ClusterState> ReadAsync(string ownerId, CancellationToken cancellationToken)
    {
        var selector = OwnershipLabels.Selector(ownerId);
        var services = await ListAsync(
            (token, ct) => client.CoreV1.ListServiceForAllNamespacesAsync(labelSelector: selector, limit: PageSize, continueParameter: token, cancellationToken: ct),
            static list => (list.Items, list.Metadata?.ContinueProperty),
            cancellationToken);
        var slices = await ListAsync(
            (token, ct) => client.DiscoveryV1.ListEndpointSliceForAllNamespacesAsync(labelSelector: selector, limit: PageSize, continueParameter: token, cancellationToken: ct),
            static list => (list.Items, list.Metadata?.ContinueProperty),
            cancellationToken);
        var endpoints = await ListAsync(
            (token, ct) => client.CoreV1.ListEndpointsForAllNamespacesAsync(labelSelector: selector, limit: PageSize, continueParameter: token, cancellationToken: ct),
            static list => (list.Items, list.Metadata?.ContinueProperty),
            cancellationToken);

        // List items come without apiVersion and kind; the planner and the YAML output need them.
        foreach (var service in services)
        {
            (service.ApiVersion, service.Kind) = (V1Service.KubeApiVersion, V1Service.KubeKind);
        }

        foreach (var slice in slices)
        {
            (slice.ApiVersion, slice.Kind) = ($"{V1EndpointSlice.KubeGroup}/{V1EndpointSlice.KubeApiVersion}", V1EndpointSlice.KubeKind);
        }

        foreach (var item in endpoints)
        {
            (item.ApiVersion, item.Kind) = (V1Endpoints.KubeApiVersion, V1Endpoints.KubeKind);
        }

        return new ClusterState(services, slices, endpoints);
    }

    private async Task<List<TItem>> ListAsync<TList, TItem>(
        Func<string?, CancellationToken, Task<TList>> listPage,
        Func<TList, (IList<TItem> Items, string? Continue)> read,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            var items = new List<TItem>();
            string? token = null;
            try
            {
                do
                {
                    var page = await pipeline.ExecuteAsync(async ct => await listPage(token, ct), cancellationToken);
                    var (pageItems, next) = read(page);
                    items.AddRange(pageItems ?? []);
                    token = string.IsNullOrEmpty(next) ? null : next;
                }
                while (token is not null);

                return items;
            }
            catch (Exception e) when (token is not null && KubernetesErrors.StatusCode(e) == HttpStatusCode.Gone)
            {
                // The continue token expired between pages: a consistent list needs a fresh start.
            }
        }
    }
}
