using ExternalEndpointSync.Applier;
using k8s;
using k8s.Models;
using Polly;

namespace ExternalEndpointSync.Cluster;

/// <summary>
/// Lists what the ExternalService policy needs, once per read: Nodes, networking.k8s.io/v1
/// ServiceCIDRs where the cluster serves them (a 404 means it does not, before Kubernetes 1.33), and,
/// for a namespace selector, Namespaces. For a one-shot sync; the worker watches them instead
/// (<see cref="ClusterFactsCache"/>).
/// </summary>
public sealed class ClusterFactsReader(IKubernetes client, ResiliencePipeline pipeline, bool readNamespaceLabels) : IClusterFactsSource
{
    public const int PageSize = 500;

    public async Task<ClusterFacts> ReadAsync(CancellationToken cancellationToken)
    {
        var nodes = await ListAllAsync(
            (token, ct) => client.CoreV1.ListNodeAsync(continueParameter: token, limit: PageSize, cancellationToken: ct),
            static list => (list.Items, list.Metadata?.ContinueProperty),
            cancellationToken);
        var serviceCidrs = await ServiceCidrsAsync(cancellationToken);
        var namespaces = readNamespaceLabels
            ? await ListAllAsync(
                (token, ct) => client.CoreV1.ListNamespaceAsync(continueParameter: token, limit: PageSize, cancellationToken: ct),
                static list => (list.Items, list.Metadata?.ContinueProperty),
                cancellationToken)
            : null;
        return ClusterFacts.From(nodes, serviceCidrs, namespaces);
    }

    /// <summary>Null where the cluster does not serve ServiceCIDR.</summary>
    private async Task<List<V1ServiceCIDR>?> ServiceCidrsAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ListAllAsync(
                (token, ct) => client.NetworkingV1.ListServiceCIDRAsync(continueParameter: token, limit: PageSize, cancellationToken: ct),
                static list => (list.Items, list.Metadata?.ContinueProperty),
                cancellationToken);
        }
        catch (Exception e) when (KubernetesErrors.IsNotFound(e))
        {
            return null;
        }
    }

    private async Task<List<T>> ListAllAsync<TList, T>(
        Func<string?, CancellationToken, Task<TList>> list, Func<TList, (IList<T>? Items, string? Continue)> page, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? token = null;
        do
        {
            var (pageItems, next) = page(await pipeline.ExecuteAsync(async ct => await list(token, ct), cancellationToken));
            items.AddRange(pageItems ?? []);
            token = next is { Length: > 0 } ? next : null;
        }
        while (token is not null);

        return items;
    }
}
