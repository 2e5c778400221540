using System.Runtime.CompilerServices;
using System.Text.Json;
using ExternalEndpointSync.Cluster.Watch;
using ExternalEndpointSync.Model;
using k8s;

namespace ExternalEndpointSync.Registrations.Resources;

/// <summary>The list and watch calls of ExternalServices in every namespace, for the same informer the owned objects use.</summary>
public static class ExternalServiceListWatch
{
    public static ListWatch<ExternalServiceObject> Create(IKubernetes client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return ListWatch.Of<ExternalServiceObject, ExternalServiceObjectList>(
            ExternalServiceKind.Plural,
            ExternalServiceKind.ApiVersion,
            ExternalServiceKind.Kind,
            null,
            null,
            (r, ct) => client.CustomObjects.ListClusterCustomObjectAsync<ExternalServiceObjectList>(
                ExternalServiceKind.Group, ExternalServiceKind.Version, ExternalServiceKind.Plural,
                continueParameter: r.Continue, labelSelector: r.LabelSelector, limit: r.Limit, cancellationToken: ct),
            (r, onError, ct) => Typed(client.CustomObjects.WatchListClusterCustomObjectAsync(
                ExternalServiceKind.Group, ExternalServiceKind.Version, ExternalServiceKind.Plural,
                allowWatchBookmarks: r.AllowWatchBookmarks, labelSelector: r.LabelSelector, resourceVersion: r.ResourceVersion,
                timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct), ct));
    }

    /// <summary>The custom objects client streams untyped JSON; the informer wants the typed object.</summary>
    private static async IAsyncEnumerable<(WatchEventType, ExternalServiceObject)> Typed(
        IAsyncEnumerable<(WatchEventType, object)> events, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (type, value) in events.WithCancellation(cancellationToken))
        {
            var json = value is JsonElement element ? element.GetRawText() : KubernetesJson.Serialize(value);
            yield return (type, KubernetesJson.Deserialize<ExternalServiceObject>(json));
        }
    }
}
