using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// A parsed <c>fieldSelector</c>: <c>field=value</c>, <c>field==value</c>, <c>field!=value</c>, joined by commas.
/// Only metadata.name and metadata.namespace, plus the fields a resource registers, are known.
/// </summary>
internal sealed class FieldSelector
{
    private readonly List<(string Field, string Value, bool Negate)> terms;

    private FieldSelector(List<(string, string, bool)> terms) => this.terms = terms;

    public static FieldSelector Parse(string? text, ResourceDefinition definition)
    {
        var terms = new List<(string, string, bool)>();
        foreach (var raw in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var negate = raw.Contains("!=", StringComparison.Ordinal);
            var separator = negate ? "!=" : raw.Contains("==", StringComparison.Ordinal) ? "==" : "=";
            var index = raw.IndexOf(separator, StringComparison.Ordinal);
            if (index <= 0)
            {
                throw new ApiStatusException(ApiStatus.BadRequest($"invalid selector: '{text}'; can't understand '{raw}'"));
            }

            var field = raw[..index];
            if (field is not ("metadata.name" or "metadata.namespace") && !definition.ExtraFieldSelectors.Contains(field))
            {
                var message = definition.ExtraFieldSelectors.Count > 0
                    ? $"field label not supported: {field}"
                    : $"\"{field}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"";
                throw new ApiStatusException(ApiStatus.BadRequest(message));
            }

            terms.Add((field, raw[(index + separator.Length)..], negate));
        }

        return new FieldSelector(terms);
    }

    public bool Matches(JsonObject obj) => terms.TrueForAll(t => (ValueOf(obj, t.Field) == t.Value) != t.Negate);

    private static string ValueOf(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var segment in path.Split('.'))
        {
            node = node is JsonObject o ? o[segment] : null;
        }

        return node is JsonValue v && v.TryGetValue(out string? text) ? text : string.Empty;
    }
}
