using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>Small helpers for reading and writing Kubernetes objects held as <see cref="JsonObject"/>.</summary>
internal static class JsonNodeExtensions
{
    public static JsonObject Metadata(this JsonObject obj) => obj.ChildObject("metadata");

    public static JsonObject ChildObject(this JsonObject obj, string key)
    {
        if (obj[key] is JsonObject child)
        {
            return child;
        }

        var created = new JsonObject();
        obj[key] = created;
        return created;
    }

    public static JsonObject? ObjectOrNull(this JsonNode? node, string key) =>
        node is JsonObject obj ? obj[key] as JsonObject : null;

    public static JsonArray? ArrayOrNull(this JsonNode? node, string key) =>
        node is JsonObject obj ? obj[key] as JsonArray : null;

    public static string? StringOrNull(this JsonNode? node, string key) =>
        node is JsonObject obj && obj[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : null;

    public static long? IntegerOrNull(this JsonNode? node, string key) =>
        node is JsonObject obj && obj[key] is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    public static bool? BooleanOrNull(this JsonNode? node, string key) =>
        node is JsonObject obj && obj[key] is JsonValue value
            && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? value.GetValue<bool>()
            : null;

    public static string Name(this JsonObject obj) => obj.Metadata().StringOrNull("name") ?? string.Empty;

    public static string Namespace(this JsonObject obj) => obj.Metadata().StringOrNull("namespace") ?? string.Empty;

    public static long ResourceVersionNumber(this JsonObject obj) =>
        long.TryParse(obj.Metadata().StringOrNull("resourceVersion"), NumberStyles.None, CultureInfo.InvariantCulture, out var rv) ? rv : 0;

    public static IReadOnlyList<string> Strings(this JsonArray? array) =>
        array is null ? [] : array.Select(n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : string.Empty).ToList();

    public static IReadOnlyDictionary<string, string> StringMap(this JsonObject? obj)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj is null)
        {
            return map;
        }

        foreach (var (key, value) in obj)
        {
            map[key] = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? string.Empty;
        }

        return map;
    }

    public static JsonObject CloneObject(this JsonObject obj) => (JsonObject)obj.DeepClone();

    /// <summary>Renders a value the way Go's field errors print it: strings quoted, numbers bare.</summary>
    public static string ToGoValue(this JsonNode? node) => node switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Quote(v.GetValue<string>()),
        _ => node.ToJsonString(),
    };

    /// <summary>Quotes like Go's <c>%q</c> for the characters that occur in API texts.</summary>
    public static string Quote(string value)
    {
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                '\n' => quoted.Append("\\n"),
                '\t' => quoted.Append("\\t"),
                _ when char.IsControl(c) => quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }
}
