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

    /// <summary>The two labels that mark an object as the given owner's.</summary>
    public static IReadOnlyDictionary<string, string> Of(string ownerId) => On(ownerId, []);

    /// <summary>
    /// The labels of an object we write: <paramref name="others"/> with the ownership labels on
    /// top, so that nothing else put on it (a registration's own labels) can disown it.
    /// </summary>
    public static IReadOnlyDictionary<string, string> On(string ownerId, IEnumerable<KeyValuePair<string, string>> others)
    {
        var labels = new Dictionary<string, string>(others, StringComparer.Ordinal)
        {
            [ManagedByKey] = ManagedByValue,
            [OwnerKey] = ownerId,
        };
        return labels;
    }

    /// <summary>The label selector that lists exactly what the given owner wrote.</summary>
    public static string Selector(string ownerId) => string.Join(',', Of(ownerId).Select(static label => $"{label.Key}={label.Value}"));

    /// <summary>True only when both ownership labels are present and name this owner.</summary>
    public static bool IsOwnedBy(V1ObjectMeta? metadata, string ownerId) =>
        metadata?.Labels is { } labels
        && labels.TryGetValue(ManagedByKey, out var managedBy) && managedBy == ManagedByValue
        && labels.TryGetValue(OwnerKey, out var owner) && owner == ownerId;
}
