using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Applier;

/// <summary>
/// The create, read, replace and delete calls of one resource kind, so the writer can treat
/// Services, EndpointSlices and Endpoints alike.
/// </summary>
public sealed class ResourceClient
{
    private readonly Func<IKubernetesObject<V1ObjectMeta>, string, CancellationToken, Task<IKubernetesObject<V1ObjectMeta>>> create;
    private readonly Func<IKubernetesObject<V1ObjectMeta>, string, string, CancellationToken, Task<IKubernetesObject<V1ObjectMeta>>> replace;
    private readonly Func<string, string, CancellationToken, Task<IKubernetesObject<V1ObjectMeta>>> read;
    private readonly Func<string, string, V1DeleteOptions, CancellationToken, Task> delete;

    private ResourceClient(
        string kind,
        string plural,
        Func<IKubernetesObject<V1ObjectMeta>, string, CancellationToken, Task<IKubernetesObject<V1ObjectMeta>>> create,
        Func<IKubernetesObject<V1ObjectMeta>, string, string, CancellationToken, Task<IKubernetesObject<V1ObjectMeta>>> replace,
        Func<string, string, CancellationToken, Task<IKubernetesObject<V1ObjectMeta>>> read,
        Func<string, string, V1DeleteOptions, CancellationToken, Task> delete)
    {
        Kind = kind;
        Plural = plural;
        this.create = create;
        this.replace = replace;
        this.read = read;
        this.delete = delete;
    }

    public string Kind { get; }

    /// <summary>The resource name used in write counts and messages (<c>services</c>, <c>endpointslices</c>).</summary>
    public string Plural { get; }

    public Task<IKubernetesObject<V1ObjectMeta>> CreateAsync(IKubernetesObject<V1ObjectMeta> obj, CancellationToken cancellationToken) =>
        create(obj, obj.Metadata.NamespaceProperty, cancellationToken);

    public Task<IKubernetesObject<V1ObjectMeta>> ReplaceAsync(IKubernetesObject<V1ObjectMeta> obj, CancellationToken cancellationToken) =>
        replace(obj, obj.Metadata.Name, obj.Metadata.NamespaceProperty, cancellationToken);

    public Task<IKubernetesObject<V1ObjectMeta>> ReadAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        read(name, @namespace, cancellationToken);

    /// <summary>Deletes with a uid precondition, so an object re-created by someone else under the same name is never deleted.</summary>
    public Task DeleteAsync(IKubernetesObject<V1ObjectMeta> obj, CancellationToken cancellationToken) =>
        delete(obj.Metadata.Name, obj.Metadata.NamespaceProperty, new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = obj.Metadata.Uid } }, cancellationToken);

    public static ResourceClient For(IKubernetes client, IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(obj);
        var kind = obj switch
        {
            V1Service => V1Service.KubeKind,
            V1EndpointSlice => V1EndpointSlice.KubeKind,
            V1Endpoints => V1Endpoints.KubeKind,
            _ => obj.GetType().Name,
        };
        return kind switch
        {
            V1Service.KubeKind => new ResourceClient(
                V1Service.KubeKind,
                "services",
                async (o, ns, ct) => await client.CoreV1.CreateNamespacedServiceAsync((V1Service)o, ns, cancellationToken: ct),
                async (o, name, ns, ct) => await client.CoreV1.ReplaceNamespacedServiceAsync((V1Service)o, name, ns, cancellationToken: ct),
                async (name, ns, ct) => await client.CoreV1.ReadNamespacedServiceAsync(name, ns, cancellationToken: ct),
                (name, ns, options, ct) => client.CoreV1.DeleteNamespacedServiceAsync(name, ns, options, cancellationToken: ct)),
            V1EndpointSlice.KubeKind => new ResourceClient(
                V1EndpointSlice.KubeKind,
                "endpointslices",
                async (o, ns, ct) => await client.DiscoveryV1.CreateNamespacedEndpointSliceAsync((V1EndpointSlice)o, ns, cancellationToken: ct),
                async (o, name, ns, ct) => await client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync((V1EndpointSlice)o, name, ns, cancellationToken: ct),
                async (name, ns, ct) => await client.DiscoveryV1.ReadNamespacedEndpointSliceAsync(name, ns, cancellationToken: ct),
                (name, ns, options, ct) => client.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(name, ns, options, cancellationToken: ct)),
            V1Endpoints.KubeKind => new ResourceClient(
                V1Endpoints.KubeKind,
                "endpoints",
                async (o, ns, ct) => await client.CoreV1.CreateNamespacedEndpointsAsync((V1Endpoints)o, ns, cancellationToken: ct),
                async (o, name, ns, ct) => await client.CoreV1.ReplaceNamespacedEndpointsAsync((V1Endpoints)o, name, ns, cancellationToken: ct),
                async (name, ns, ct) => await client.CoreV1.ReadNamespacedEndpointsAsync(name, ns, cancellationToken: ct),
                (name, ns, options, ct) => client.CoreV1.DeleteNamespacedEndpointsAsync(name, ns, options, cancellationToken: ct)),
            _ => throw new ArgumentException($"{kind} is not a kind this project writes", nameof(obj)),
        };
    }
}
