using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Planning;

/// <summary>Metadata rules shared by every kind the planner writes.</summary>
internal static class ObjectMetadata
{
    /// <summary>Deep copy through the client's own JSON form, so an update never mutates what was read.</summary>
    public static T DeepCopy<T>(T value) where T : class => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value));

    /// <summary>True when every entry of <paramref name="ours"/> is present in <paramref name="current"/> with the same value.</summary>
    public static bool ContainsAll(IDictionary<string, string>? current, IReadOnlyDictionary<string, string> ours) =>
        ours.All(pair => current is not null && current.TryGetValue(pair.Key, out var value) && value == pair.Value);

    /// <summary>What an update writes: the current entries (so labels others added survive) overwritten by ours.</summary>
    public static IDictionary<string, string>? Merge(IDictionary<string, string>? current, IReadOnlyDictionary<string, string> ours)
    {
        if (current is null && ours.Count == 0)
        {
            return null;
        }

        var merged = new Dictionary<string, string>(current ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in ours)
        {
            merged[key] = value;
        }

        return merged;
    }

    /// <summary>Null for an empty map, so objects without annotations serialise without the field.</summary>
    public static IDictionary<string, string>? ToMap(IReadOnlyDictionary<string, string> pairs) =>
        pairs.Count == 0 ? null : new Dictionary<string, string>(pairs, StringComparer.Ordinal);

    /// <summary>The sort key of an object in <see cref="ServicePlan.Desired"/>: its name, or its generateName prefix.</summary>
    public static string NameOrPrefix(IKubernetesObject<V1ObjectMeta> value) => value.Metadata.Name ?? value.Metadata.GenerateName ?? "";

    /// <summary>
    /// Objects read through a list call come without kind and apiVersion; changes always carry them.
    /// The copy is shallow: the planner never mutates what it was given.
    /// </summary>
    public static V1Service WithTypeMeta(V1Service value) =>
        value.Kind is null || value.ApiVersion is null ? value with { ApiVersion = "v1", Kind = "Service" } : value;

    public static V1EndpointSlice WithTypeMeta(V1EndpointSlice value) =>
        value.Kind is null || value.ApiVersion is null ? value with { ApiVersion = "discovery.k8s.io/v1", Kind = "EndpointSlice" } : value;

    public static V1Endpoints WithTypeMeta(V1Endpoints value) =>
        value.Kind is null || value.ApiVersion is null ? value with { ApiVersion = "v1", Kind = "Endpoints" } : value;
}
