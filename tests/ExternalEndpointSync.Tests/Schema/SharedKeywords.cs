using System.Text.Json.Nodes;

namespace ExternalEndpointSync.Tests.Schema;

/// <summary>
/// The keywords JSON Schema 2020-12 and the CRD's OpenAPI v3 spell alike, so config/schema.json
/// and the CRD cannot drift on them; where the dialects differ each document renders its own.
/// </summary>
internal static class SharedKeywords
{
    /// <summary>A string's pattern and length bounds, after whatever the caller put first.</summary>
    public static JsonObject AddStringBounds(JsonObject schema, StringNode node)
    {
        if (node.Pattern is { } pattern)
        {
            schema["pattern"] = pattern;
        }

        if (node.MinLength is { } min)
        {
            schema["minLength"] = min;
        }

        if (node.MaxLength is { } max)
        {
            schema["maxLength"] = max;
        }

        return schema;
    }

    /// <summary>An array of <paramref name="items"/>, at least <see cref="ListNode.MinItems"/> long.</summary>
    public static JsonObject List(ListNode node, JsonObject items)
    {
        var schema = new JsonObject { ["type"] = "array", ["items"] = items };
        if (node.MinItems is { } min)
        {
            schema["minItems"] = min;
        }

        return schema;
    }

    /// <summary>The properties of <paramref name="node"/>, rendered by <paramref name="render"/>, and which are required.</summary>
    public static JsonObject Object(ObjectNode node, Func<SchemaNode, JsonObject> render)
    {
        var properties = new JsonObject();
        foreach (var field in node.Fields)
        {
            properties[field.Name] = render(field.Node);
        }

        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (node.Fields.Where(field => field.Required).Select(field => JsonValue.Create(field.Name)).ToArray() is { Length: > 0 } required)
        {
            schema["required"] = new JsonArray(required);
        }

        return schema;
    }
}
