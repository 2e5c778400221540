using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Planning;

/// <summary>
/// One write. For <see cref="ChangeAction.Create"/> <see cref="Object"/> is the object to create;
/// for <see cref="ChangeAction.Update"/> it is the complete new object carrying the
/// resourceVersion of <see cref="Current"/> (optimistic concurrency); for
/// <see cref="ChangeAction.Delete"/> it is the object as last read.
/// </summary>
public sealed record ObjectChange(
    ChangeAction Action,
    IKubernetesObject<V1ObjectMeta> Object,
    IKubernetesObject<V1ObjectMeta>? Current = null)
{
    public string Kind => Object.Kind;

    /// <summary>The object's name, or its generateName prefix followed by <c>*</c> when the server picks it.</summary>
    public string DisplayName => Object.Metadata.Name ?? $"{Object.Metadata.GenerateName}*";
}
