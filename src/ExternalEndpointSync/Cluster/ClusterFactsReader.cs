using System.Net;
using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Model;
using k8s;
using k8s.Models;
using Polly;

namespace ExternalEndpointSync.Cluster;

/// <summary>
/// Lists what the ExternalService policy needs: Nodes (their <c>spec.podCIDRs</c> and InternalIP and
/// ExternalIP addresses), networking.k8s.io/v1 ServiceCIDRs where the cluster serves them (a 404
/// means it does not, before Kubernetes 1.33), and, for a namespace selector, Namespaces. Values the
/// cluster holds that are no CIDR or address are skipped: the API server validates them, and a
/// policy must not fail for one odd Node.
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
        var (serviceCidrs, served) = await ServiceCidrsAsync(cancellationToken);
        var labels = new Dictionary<string, ValueDictionary>(StringComparer.Ordinal);
        if (readNamespaceLabels)
        {
            var namespaces = await ListAllAsync(
                (token, ct) => client.CoreV1.ListNamespaceAsync(continueParameter: token, limit: PageSize, cancellationToken: ct),
                static list => (list.Items, list.Metadata?.ContinueProperty),
                cancellationToken);
            foreach (var ns in namespaces)
            {
                labels[ns.Metadata.Name] = ValueDictionary.From(ns.Metadata.Labels ?? new Dictionary<string, string>());
            }
        }

        return new ClusterFacts
        {
            PodCidrs = Networks(nodes.SelectMany(static n => n.Spec?.PodCIDRs ?? [])),
            ServiceCidrs = Networks(serviceCidrs.SelectMany(static s => s.Spec?.Cidrs ?? [])),
            ServiceCidrsServed = served,
            NodeAddresses = nodes
                .SelectMany(static n => n.Status?.Addresses ?? [])
                .Where(static a => a.Type is "InternalIP" or "ExternalIP")
                .Select(static a => EndpointAddressRules.TryParseLiteral(a.Address ?? "", out var address, out _) ? address : null)
                .OfType<IPAddress>()
                .Distinct()
                .ToValueList(),
            NamespaceLabels = labels,
        };
    }

    private async Task<(IReadOnlyList<V1ServiceCIDR> Items, bool Served)> ServiceCidrsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var items = await ListAllAsync(
                (token, ct) => client.NetworkingV1.ListServiceCIDRAsync(continueParameter: token, limit: PageSize, cancellationToken: ct),
                static list => (list.Items, list.Metadata?.ContinueProperty),
                cancellationToken);
            return (items, true);
        }
        catch (Exception e) when (KubernetesErrors.IsNotFound(e))
        {
            return ([], false);
        }
    }

    private static ValueList<IPNetwork> Networks(IEnumerable<string> texts) =>
        texts.Select(static text => CidrNotation.TryParse(text, out var network, out _) ? network : null)
            .OfType<IPNetwork>()
            .Distinct()
            .ToValueList();

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
