using ExternalEndpointSync.Model;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Planning;

/// <summary>Label and annotation rules shared by every kind we write, for the planner and the writer alike.</summary>
public static class ObjectMetadata
{
    /// <summary>True when every entry of <paramref name="ours"/> is present in <paramref name="current"/> with the same value.</summary>
    public static bool ContainsAll(IDictionary<string, string>? current, IEnumerable<KeyValuePair<string, string>>? ours) =>
        (ours ?? []).All(pair => current is not null && current.TryGetValue(pair.Key, out var value) && value == pair.Value);

    /// <summary>
    /// What a write carries: the current entries (so labels others added survive) overwritten by
    /// ours; null when there are none, so objects without annotations serialise without the field.
    /// </summary>
    public static Dictionary<string, string>? Merge(IEnumerable<KeyValuePair<string, string>>? current, IEnumerable<KeyValuePair<string, string>>? ours)
    {
        var merged = new Dictionary<string, string>(current ?? [], StringComparer.Ordinal);
        foreach (var (key, value) in ours ?? [])
        {
            merged[key] = value;
        }

        return merged.Count == 0 ? null : merged;
    }

    /// <summary>True when the ExternalService references of <paramref name="current"/> are exactly <paramref name="ours"/>.</summary>
    public static bool HasOwners(IEnumerable<V1OwnerReference>? current, IReadOnlyList<V1OwnerReference> ours) =>
        (current ?? []).Where(ExternalServiceKind.IsReferenceToOne).SequenceEqual(ours);

    /// <summary>
    /// The ownerReferences a write carries: others' kept, the ExternalService ones replaced by
    /// <paramref name="ours"/>, so a Service the config file took over from a custom resource is
    /// no longer deleted with it; null when there are none.
    /// </summary>
    public static List<V1OwnerReference>? MergeOwners(IEnumerable<V1OwnerReference>? current, IReadOnlyList<V1OwnerReference> ours)
    {
        var merged = (current ?? []).Where(static r => !ExternalServiceKind.IsReferenceToOne(r)).Select(static r => r with { }).Concat(ours.Select(static r => r with { })).ToList();
        return merged.Count == 0 ? null : merged;
    }

    /// <summary>The sort key of an object in <see cref="ServicePlan.Desired"/>: its name, or its generateName prefix.</summary>
    public static string NameOrPrefix(IKubernetesObject<V1ObjectMeta> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Metadata.Name ?? value.Metadata.GenerateName ?? "";
    }
}
