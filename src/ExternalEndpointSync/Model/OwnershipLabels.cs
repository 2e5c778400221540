using k8s.Models;

namespace ExternalEndpointSync.Model;

/// <summary>The labels that mark what this project writes, and the checks built on them.</summary>
public static class OwnershipLabels
{
    public const string ManagedByKey = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "external-endpoint-sync";
    public const string OwnerKey = "externalendpoints.io/owner";
    public const string ServiceNameKey = "kubernetes.io/service-name";
    public const string SliceManagedByKey = "endpointslice.kubernetes.io/managed-by";
    public const string SliceManagedByValue = "external-endpoint-sync.externalendpoints.io";
    public const string SkipMirrorKey = "endpointslice.kubernetes.io/skip-mirror";

    /// <summary>The label selector that lists exactly what the given owner wrote.</summary>
    public static string Selector(string ownerId) => $"{ManagedByKey}={ManagedByValue},{OwnerKey}={ownerId}";

    /// <summary>True only when both ownership labels are present and name this owner.</summary>
    public static bool IsOwnedBy(V1ObjectMeta? metadata, string ownerId) =>
        metadata?.Labels is { } labels
        && labels.TryGetValue(ManagedByKey, out var managedBy) && managedBy == ManagedByValue
        && labels.TryGetValue(OwnerKey, out var owner) && owner == ownerId;
}
