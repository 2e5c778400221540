using ExternalEndpointSync.Model;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Applier;

/// <summary>
/// The create, read, replace and delete calls of one kind we write (<see cref="WrittenKind"/>),
/// so the writer and the dry-run treat Services, EndpointSlices and Endpoints alike.
/// </summary>
public sealed class ResourceClient
{
    private readonly IKubernetes client;

    private ResourceClient(IKubernetes client, WrittenKind kind)
    {
        this.client = client;
        Kind = kind;
    }

    public WrittenKind Kind { get; }

    public static ResourceClient For(IKubernetes client, WrittenKind kind)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(kind);
        return new ResourceClient(client, kind);
    }

    public static ResourceClient For(IKubernetes client, IKubernetesObject<V1ObjectMeta> obj) => For(client, WrittenKind.Of(obj));

    public Task<IKubernetesObject<V1ObjectMeta>> CreateAsync(IKubernetesObject<V1ObjectMeta> obj, CancellationToken cancellationToken) =>
        Kind.CreateAsync(client, obj, cancellationToken);

    public Task<IKubernetesObject<V1ObjectMeta>> ReplaceAsync(IKubernetesObject<V1ObjectMeta> obj, CancellationToken cancellationToken) =>
        Kind.ReplaceAsync(client, obj, cancellationToken);

    public Task<IKubernetesObject<V1ObjectMeta>> ReadAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        Kind.ReadAsync(client, @namespace, name, cancellationToken);

    /// <summary>The current object of <paramref name="obj"/>'s name.</summary>
    public Task<IKubernetesObject<V1ObjectMeta>> ReadAsync(IKubernetesObject<V1ObjectMeta> obj, CancellationToken cancellationToken) =>
        Kind.ReadAsync(client, obj.Metadata.NamespaceProperty, obj.Metadata.Name, cancellationToken);

    /// <summary>Deletes with a uid precondition, so an object re-created by someone else under the same name is never deleted.</summary>
    public Task DeleteAsync(IKubernetesObject<V1ObjectMeta> obj, CancellationToken cancellationToken) =>
        Kind.DeleteAsync(
            client,
            obj.Metadata.NamespaceProperty,
            obj.Metadata.Name,
            new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = obj.Metadata.Uid } },
            cancellationToken);
}
