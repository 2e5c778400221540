using ExternalEndpointSync.Model;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Applier;

/// <summary>An object with a name we need exists and is not ours; we never take it over.</summary>
public sealed class ForeignObjectException : Exception
{
    public ForeignObjectException()
    {
    }

    public ForeignObjectException(string message)
        : base(message)
    {
    }

    public ForeignObjectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static ForeignObjectException For(IKubernetesObject<V1ObjectMeta> found, string ownerId)
    {
        ArgumentNullException.ThrowIfNull(found);
        var labels = found.Metadata.Labels ?? new Dictionary<string, string>();
        var managedBy = labels.TryGetValue(OwnershipLabels.ManagedByKey, out var m) ? m : "(none)";
        var owner = labels.TryGetValue(OwnershipLabels.OwnerKey, out var o) ? o : "(none)";
        return new ForeignObjectException(
            $"{found.Kind} {found.Metadata.NamespaceProperty}/{found.Metadata.Name} already exists and is not owned by " +
            $"external-endpoint-sync owner \"{ownerId}\" (managed-by: {managedBy}, owner: {owner}); it was left untouched");
    }
}
