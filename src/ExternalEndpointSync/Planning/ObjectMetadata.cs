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

    /// <summary>The sort key of an object in <see cref="ServicePlan.Desired"/>: its name, or its generateName prefix.</summary>
    public static string NameOrPrefix(IKubernetesObject<V1ObjectMeta> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Metadata.Name ?? value.Metadata.GenerateName ?? "";
    }
}
