using System.Runtime.CompilerServices;
using System.Text.Json;
using ExternalEndpointSync.Cluster.Watch;
using ExternalEndpointSync.Model;
using k8s;

namespace ExternalEndpointSync.Registrations.Resources;

/// <summary>The list and watch calls of ExternalServices, in every namespace or in one, for the same informer the owned objects use.</summary>
public static class ExternalServiceListWatch
{
    /// <summary>
    /// In <paramref name="namespace"/> (<c>/apis/externalendpoints.io/v1alpha1/namespaces/NAMESPACE/externalservices</c>),
    /// or in every namespace when it is null (<c>/apis/externalendpoints.io/v1alpha1/externalservices</c>).
    /// </summary>
    public static ListWatch<ExternalServiceObject> Create(IKubernetes client, string? @namespace = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var objects = client.CustomObjects;
        const string group = ExternalServiceKind.Group, version = ExternalServiceKind.Version, plural = ExternalServiceKind.Plural;
        return ListWatch.Of<ExternalServiceObject, ExternalServiceObjectList>(
            plural,
            ExternalServiceKind.ApiVersion,
            ExternalServiceKind.Kind,
            null,
            @namespace,
            (r, ct) => @namespace is null
                ? objects.ListClusterCustomObjectAsync<ExternalServiceObjectList>(
                    group, version, plural, continueParameter: r.Continue, labelSelector: r.LabelSelector, limit: r.Limit, cancellationToken: ct)
                : objects.ListNamespacedCustomObjectAsync<ExternalServiceObjectList>(
                    group, version, @namespace, plural, continueParameter: r.Continue, labelSelector: r.LabelSelector, limit: r.Limit, cancellationToken: ct),
            (r, onError, ct) => Typed(
                @namespace is null
                    ? objects.WatchListClusterCustomObjectAsync(
                        group, version, plural, allowWatchBookmarks: r.AllowWatchBookmarks, labelSelector: r.LabelSelector,
                        resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct)
                    : objects.WatchListNamespacedCustomObjectAsync(
                        group, version, @namespace, plural, allowWatchBookmarks: r.AllowWatchBookmarks, labelSelector: r.LabelSelector,
                        resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct),
                ct));
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
