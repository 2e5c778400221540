using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Model;

/// <summary>
/// The kinds this project writes, in the order a plan lists and applies them, each with its
/// identity and the client calls that read and write it: the one place a new kind is added.
/// </summary>
public abstract class WrittenKind
{
    private protected WrittenKind(string kind, string apiVersion, string plural)
    {
        Kind = kind;
        ApiVersion = apiVersion;
        Plural = plural;
    }

    public static WrittenKind<V1Service, V1ServiceList> Service { get; } = new(
        V1Service.KubeKind,
        V1Service.KubeApiVersion,
        "services",
        new(
            static (client, obj, ns, ct) => client.CoreV1.CreateNamespacedServiceAsync(obj, ns, cancellationToken: ct),
            static (client, obj, name, ns, ct) => client.CoreV1.ReplaceNamespacedServiceAsync(obj, name, ns, cancellationToken: ct),
            static (client, name, ns, ct) => client.CoreV1.ReadNamespacedServiceAsync(name, ns, cancellationToken: ct),
            static (client, name, ns, options, ct) => client.CoreV1.DeleteNamespacedServiceAsync(name, ns, options, cancellationToken: ct),
            static (client, selector, limit, token, ct) => client.CoreV1.ListServiceForAllNamespacesAsync(
                labelSelector: selector, limit: limit, continueParameter: token, cancellationToken: ct),
            static (client, selector, version, bookmarks, timeout, onError, ct) => client.CoreV1.WatchListServiceForAllNamespacesAsync(
                allowWatchBookmarks: bookmarks, labelSelector: selector, resourceVersion: version, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)));

    public static WrittenKind<V1EndpointSlice, V1EndpointSliceList> EndpointSlice { get; } = new(
        V1EndpointSlice.KubeKind,
        $"{V1EndpointSlice.KubeGroup}/{V1EndpointSlice.KubeApiVersion}",
        "endpointslices",
        new(
            static (client, obj, ns, ct) => client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(obj, ns, cancellationToken: ct),
            static (client, obj, name, ns, ct) => client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(obj, name, ns, cancellationToken: ct),
            static (client, name, ns, ct) => client.DiscoveryV1.ReadNamespacedEndpointSliceAsync(name, ns, cancellationToken: ct),
            static (client, name, ns, options, ct) => client.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(name, ns, options, cancellationToken: ct),
            static (client, selector, limit, token, ct) => client.DiscoveryV1.ListEndpointSliceForAllNamespacesAsync(
                labelSelector: selector, limit: limit, continueParameter: token, cancellationToken: ct),
            static (client, selector, version, bookmarks, timeout, onError, ct) => client.DiscoveryV1.WatchListEndpointSliceForAllNamespacesAsync(
                allowWatchBookmarks: bookmarks, labelSelector: selector, resourceVersion: version, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)));

    public static WrittenKind<V1Endpoints, V1EndpointsList> Endpoints { get; } = new(
        V1Endpoints.KubeKind,
        V1Endpoints.KubeApiVersion,
        "endpoints",
        new(
            static (client, obj, ns, ct) => client.CoreV1.CreateNamespacedEndpointsAsync(obj, ns, cancellationToken: ct),
            static (client, obj, name, ns, ct) => client.CoreV1.ReplaceNamespacedEndpointsAsync(obj, name, ns, cancellationToken: ct),
            static (client, name, ns, ct) => client.CoreV1.ReadNamespacedEndpointsAsync(name, ns, cancellationToken: ct),
            static (client, name, ns, options, ct) => client.CoreV1.DeleteNamespacedEndpointsAsync(name, ns, options, cancellationToken: ct),
            static (client, selector, limit, token, ct) => client.CoreV1.ListEndpointsForAllNamespacesAsync(
                labelSelector: selector, limit: limit, continueParameter: token, cancellationToken: ct),
            static (client, selector, version, bookmarks, timeout, onError, ct) => client.CoreV1.WatchListEndpointsForAllNamespacesAsync(
                allowWatchBookmarks: bookmarks, labelSelector: selector, resourceVersion: version, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)));

    // After the rows: static initialisers run in the order they are written.
    private static readonly WrittenKind[] InOrder = [Service, EndpointSlice, Endpoints];

    /// <summary>Service, EndpointSlice, Endpoints: owners before what points at them.</summary>
    public static IReadOnlyList<WrittenKind> All => InOrder;

    public string Kind { get; }

    public string ApiVersion { get; }

    /// <summary>The resource name in API paths, write counts and RBAC rules (<c>services</c>, <c>endpointslices</c>).</summary>
    public string Plural { get; }

    /// <summary>Where objects of this kind stand in a plan's list of objects.</summary>
    public int Order => Array.IndexOf(InOrder, this);

    /// <summary>The kind of an object we write; anything else is a programming error.</summary>
    public static WrittenKind Of(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return All.FirstOrDefault(kind => kind.Holds(obj))
            ?? throw new ArgumentException($"{obj.GetType().Name} is not a kind this project writes", nameof(obj));
    }

    public abstract bool Holds(IKubernetesObject<V1ObjectMeta> obj);

    /// <summary>A deep copy through the client's own JSON form, so writing never mutates what others may still read.</summary>
    public abstract IKubernetesObject<V1ObjectMeta> Clone(IKubernetesObject<V1ObjectMeta> obj);

    public abstract Task<IKubernetesObject<V1ObjectMeta>> CreateAsync(IKubernetes client, IKubernetesObject<V1ObjectMeta> obj, CancellationToken cancellationToken);

    public abstract Task<IKubernetesObject<V1ObjectMeta>> ReplaceAsync(IKubernetes client, IKubernetesObject<V1ObjectMeta> obj, CancellationToken cancellationToken);

    public abstract Task<IKubernetesObject<V1ObjectMeta>> ReadAsync(IKubernetes client, string @namespace, string name, CancellationToken cancellationToken);

    public abstract Task DeleteAsync(IKubernetes client, string @namespace, string name, V1DeleteOptions options, CancellationToken cancellationToken);
}
