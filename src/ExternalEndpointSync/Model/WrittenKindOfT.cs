using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Model;

/// <summary>One row of <see cref="WrittenKind"/>: a kind with its object and list types.</summary>
public sealed class WrittenKind<T, TList> : WrittenKind
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : IItems<T>, IMetadata<V1ListMeta>
{
    private readonly ClientCalls<T, TList> calls;

    internal WrittenKind(string kind, string apiVersion, string plural, ClientCalls<T, TList> calls)
        : base(kind, apiVersion, plural) => this.calls = calls;

    public override bool Holds(IKubernetesObject<V1ObjectMeta> obj) => obj is T;

    public override IKubernetesObject<V1ObjectMeta> Clone(IKubernetesObject<V1ObjectMeta> obj) => Copy((T)obj);

    /// <summary>A deep copy, with kind and apiVersion set.</summary>
    public T Copy(T obj) => SetTypeMeta(KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj)));

    /// <summary>The object itself when it has kind and apiVersion, else a copy that has them: what was given is never mutated.</summary>
    public T WithTypeMeta(T obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj.Kind is not null && obj.ApiVersion is not null ? obj : Copy(obj);
    }

    /// <summary>Objects read through a list call come without kind and apiVersion; everything downstream needs them.</summary>
    public T SetTypeMeta(T obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        (obj.ApiVersion, obj.Kind) = (ApiVersion, Kind);
        return obj;
    }

    public override async Task<IKubernetesObject<V1ObjectMeta>> CreateAsync(IKubernetes client, IKubernetesObject<V1ObjectMeta> obj, CancellationToken cancellationToken) =>
        await calls.Create(client, (T)obj, obj.Metadata.NamespaceProperty, cancellationToken);

    public override async Task<IKubernetesObject<V1ObjectMeta>> ReplaceAsync(IKubernetes client, IKubernetesObject<V1ObjectMeta> obj, CancellationToken cancellationToken) =>
        await calls.Replace(client, (T)obj, obj.Metadata.Name, obj.Metadata.NamespaceProperty, cancellationToken);

    public override async Task<IKubernetesObject<V1ObjectMeta>> ReadAsync(IKubernetes client, string @namespace, string name, CancellationToken cancellationToken) =>
        await calls.Read(client, name, @namespace, cancellationToken);

    public override Task DeleteAsync(IKubernetes client, string @namespace, string name, V1DeleteOptions options, CancellationToken cancellationToken) =>
        calls.Delete(client, name, @namespace, options, cancellationToken);

    /// <summary>One page of every namespace's objects that match <paramref name="labelSelector"/>.</summary>
    public Task<TList> ListPageAsync(IKubernetes client, string labelSelector, int? limit, string? continueToken, CancellationToken cancellationToken) =>
        calls.List(client, labelSelector, limit, continueToken, cancellationToken);

    /// <summary>A watch of every namespace's objects that match <paramref name="labelSelector"/>, from <paramref name="resourceVersion"/> on.</summary>
    public IAsyncEnumerable<(WatchEventType, T)> WatchAsync(
        IKubernetes client, string labelSelector, string? resourceVersion, bool allowWatchBookmarks, int? timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken) =>
        calls.Watch(client, labelSelector, resourceVersion, allowWatchBookmarks, timeoutSeconds, onError, cancellationToken);
}

/// <summary>The typed client calls of one kind; their names differ per kind, their shape does not.</summary>
internal sealed record ClientCalls<T, TList>(
    Func<IKubernetes, T, string, CancellationToken, Task<T>> Create,
    Func<IKubernetes, T, string, string, CancellationToken, Task<T>> Replace,
    Func<IKubernetes, string, string, CancellationToken, Task<T>> Read,
    Func<IKubernetes, string, string, V1DeleteOptions, CancellationToken, Task> Delete,
    Func<IKubernetes, string, int?, string?, CancellationToken, Task<TList>> List,
    Func<IKubernetes, string, string?, bool, int?, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> Watch);
