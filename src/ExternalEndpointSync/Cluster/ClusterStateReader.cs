using System.Net;
using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;
using ExternalEndpointSync.Reporting.Metrics;
using k8s;
using k8s.Models;
using Polly;

namespace ExternalEndpointSync.Cluster;

/// <summary>
/// Reads what one owner has written: one paged list per kind, cluster-wide, selected by the
/// ownership labels (never a GET per object). Every page request that fails counts in the API error metric.
/// </summary>
public sealed class ClusterStateReader(IKubernetes client, ResiliencePipeline pipeline, SyncMetrics metrics)
{
    public const int PageSize = 500;

    public async Task<ClusterState> ReadAsync(string ownerId, CancellationToken cancellationToken)
    {
        var selector = OwnershipLabels.Selector(ownerId);
        var services = await ListAsync(WrittenKind.Service, selector, cancellationToken);
        var slices = await ListAsync(WrittenKind.EndpointSlice, selector, cancellationToken);
        var endpoints = await ListAsync(WrittenKind.Endpoints, selector, cancellationToken);
        return new ClusterState(services, slices, endpoints);
    }

    private async Task<List<T>> ListAsync<T, TList>(WrittenKind<T, TList> kind, string selector, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : IItems<T>, IMetadata<V1ListMeta>
    {
        while (true)
        {
            var items = new List<T>();
            string? token = null;
            try
            {
                do
                {
                    var page = await pipeline.ExecuteAsync(
                        async ct => await metrics.ApiRequestAsync("list", kind.Plural, () => kind.ListPageAsync(client, selector, PageSize, token, ct)), cancellationToken);
                    // List items come without apiVersion and kind; the planner and the YAML output need them.
                    items.AddRange((page.Items ?? []).Select(kind.SetTypeMeta));
                    token = page.Metadata?.ContinueProperty is { Length: > 0 } next ? next : null;
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
