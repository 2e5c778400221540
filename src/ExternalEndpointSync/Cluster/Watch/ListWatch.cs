using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Cluster.Watch;

/// <summary>
/// How to list and watch one kind of object, whichever it is (a built-in kind or a custom
/// resource with a typed object): the resource name, the selection, and the client calls that
/// list and watch it.
/// </summary>
public abstract class ListWatch<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private protected ListWatch(string resource, string apiVersion, string kind, string? labelSelector, string? @namespace)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);
        ArgumentException.ThrowIfNullOrEmpty(apiVersion);
        ArgumentException.ThrowIfNullOrEmpty(kind);
        Resource = resource;
        ApiVersion = apiVersion;
        Kind = kind;
        LabelSelector = labelSelector;
        Namespace = @namespace;
    }

    /// <summary>The plural resource name, for logs and metrics (<c>endpointslices</c>).</summary>
    public string Resource { get; }

    public string ApiVersion { get; }

    public string Kind { get; }

    public string? LabelSelector { get; }

    /// <summary>Null: every namespace.</summary>
    public string? Namespace { get; }

    /// <summary>One page of the list.</summary>
    public abstract Task<ListPage<T>> ListPageAsync(int limit, string? continueToken, CancellationToken cancellationToken);

    /// <summary>
    /// The events of one watch after <paramref name="resourceVersion"/>, with bookmarks, until the
    /// server ends it. An ERROR event (a 410 Expired Status) is not an item: it is passed to
    /// <paramref name="onError"/> as a <see cref="KubernetesException"/>.
    /// </summary>
    public abstract IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken);

    /// <summary>List items and watch events of built-in kinds come without kind and apiVersion; everything downstream needs them.</summary>
    protected T WithTypeMeta(T obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        (obj.ApiVersion, obj.Kind) = (ApiVersion, Kind);
        return obj;
    }

    internal sealed class TypedListWatch<TList>(
        string resource,
        string apiVersion,
        string kind,
        string? labelSelector,
        string? @namespace,
        Func<ListWatchRequest, CancellationToken, Task<TList>> list,
        Func<ListWatchRequest, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch)
        : ListWatch<T>(resource, apiVersion, kind, labelSelector, @namespace)
        where TList : IItems<T>, IMetadata<V1ListMeta>
    {
        public override async Task<ListPage<T>> ListPageAsync(int limit, string? continueToken, CancellationToken cancellationToken)
        {
            var page = await list(Request() with { Limit = limit, Continue = continueToken }, cancellationToken);
            return new ListPage<T>(
                [.. (page.Items ?? []).Select(WithTypeMeta)],
                page.Metadata?.ResourceVersion ?? string.Empty,
                page.Metadata?.ContinueProperty is { Length: > 0 } next ? next : null);
        }

        public override async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
            string resourceVersion, int timeoutSeconds, Action<Exception> onError, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var request = Request() with { Watch = true, ResourceVersion = resourceVersion, AllowWatchBookmarks = true, TimeoutSeconds = timeoutSeconds };
            await foreach (var (type, obj) in watch(request, onError, cancellationToken).WithCancellation(cancellationToken))
            {
                yield return (type, WithTypeMeta(obj));
            }
        }

        private ListWatchRequest Request() => new() { Namespace = Namespace, LabelSelector = LabelSelector };
    }
}

/// <summary>Builds a <see cref="ListWatch{T}"/> from the typed client's calls.</summary>
public static class ListWatch
{
    /// <summary>
    /// From a list call and a watch call of the typed client, e.g.
    /// <c>(r, ct) =&gt; client.CoreV1.ListServiceForAllNamespacesAsync(labelSelector: r.LabelSelector, limit: r.Limit, ...)</c> and
    /// <c>(r, onError, ct) =&gt; client.CoreV1.WatchListServiceForAllNamespacesAsync(..., onError: onError, cancellationToken: ct)</c>,
    /// or for a custom resource <c>client.CustomObjects.ListNamespacedCustomObjectAsync&lt;TList&gt;</c> and
    /// <c>WatchListNamespacedCustomObjectAsync&lt;T&gt;</c>. Every field of the request must be passed on.
    /// </summary>
    public static ListWatch<T> Of<T, TList>(
        string resource,
        string apiVersion,
        string kind,
        string? labelSelector,
        string? @namespace,
        Func<ListWatchRequest, CancellationToken, Task<TList>> list,
        Func<ListWatchRequest, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : IItems<T>, IMetadata<V1ListMeta>
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(watch);
        return new ListWatch<T>.TypedListWatch<TList>(resource, apiVersion, kind, labelSelector, @namespace, list, watch);
    }
}

/// <summary>One page of a list: its items (with kind and apiVersion), the list's resourceVersion and the next page's token.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string ResourceVersion, string? Continue);
