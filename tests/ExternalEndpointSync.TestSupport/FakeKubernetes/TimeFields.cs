using System.Text.Json;
using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// The <c>metav1.Time</c> and <c>metav1.MicroTime</c> fields of the built-in kinds the fake serves
/// (k8s.io/api core/v1, discovery/v1, coordination/v1 types.go), decoded as apimachinery's
/// <c>Time.UnmarshalJSON</c> / <c>MicroTime.UnmarshalJSON</c> (pkg/apis/meta/v1/time.go,
/// micro_time.go) do: JSON null is the zero time, a string must parse with the layout, anything else
/// fails in encoding/json.
/// </summary>
internal static class TimeFields
{
    private static readonly (string Path, bool Micro)[] Meta =
        [("metadata.creationTimestamp", false), ("metadata.deletionTimestamp", false), ("metadata.managedFields[].time", false)];

    private static readonly Dictionary<string, (string Path, bool Micro)[]> ByKind = new(StringComparer.Ordinal)
    {
        ["Namespace"] = [("status.conditions[].lastTransitionTime", false)],
        ["Service"] = [("status.conditions[].lastTransitionTime", false)],
        ["Lease"] = [("spec.acquireTime", true), ("spec.renewTime", true)],
        ["Event"] =
        [
            ("firstTimestamp", false), ("lastTimestamp", false), ("eventTime", true), ("series.lastObservedTime", true),
            ("deprecatedFirstTimestamp", false), ("deprecatedLastTimestamp", false),
        ],
    };

    /// <summary>Go's decode error for the first time field that does not parse, or null.</summary>
    public static string? FirstError(ResourceDefinition definition, JsonObject obj)
    {
        var fields = Meta.Concat(ByKind.GetValueOrDefault(definition.Kind, []));
        foreach (var (path, micro) in fields)
        {
            foreach (var value in Values(obj, path.Split('.')))
            {
                var error = value is null ? null
                    : value.GetValueKind() == JsonValueKind.String ? GoTimeLayout.Check(value.GetValue<string>(), micro)
                    : $"json: cannot unmarshal {GoKind(value.GetValueKind())} into Go value of type string";
                if (error is not null)
                {
                    return error;
                }
            }
        }

        return null;
    }

    private static IEnumerable<JsonNode?> Values(JsonNode? node, ReadOnlyMemory<string> segments)
    {
        if (segments.Length == 0)
        {
            yield return node;
            yield break;
        }

        var segment = segments.Span[0];
        var isList = segment.EndsWith("[]", StringComparison.Ordinal);
        var name = isList ? segment[..^2] : segment;
        if (node is not JsonObject obj || !obj.TryGetPropertyValue(name, out var child))
        {
            yield break;
        }

        var children = isList ? (child as JsonArray)?.ToList() ?? [] : [child];
        foreach (var item in children)
        {
            foreach (var value in Values(item, segments[1..]))
            {
                yield return value;
            }
        }
    }

    private static IEnumerable<JsonNode?> Values(JsonNode? node, string[] segments) => Values(node, segments.AsMemory());

    private static string GoKind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Array => "array",
        _ => "object",
    };
}
