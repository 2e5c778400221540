using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// Structural pruning (apiextensions' <c>pruning.Prune</c>): fields the schema does not declare are
/// dropped silently, unless the node or an ancestor says x-kubernetes-preserve-unknown-fields or
/// declares additionalProperties. metadata, apiVersion and kind at the root are the API server's.
/// </summary>
internal static class SchemaPruning
{
    private static readonly string[] ServerFields = ["metadata", "apiVersion", "kind"];

    public static void Prune(JsonObject obj, JsonObject schema) => Prune(obj, schema, root: true);

    private static void Prune(JsonNode? value, JsonObject schema, bool root)
    {
        switch (value)
        {
            case JsonObject obj:
                PruneObject(obj, schema, root);
                break;
            case JsonArray array when schema.ObjectOrNull("items") is { } items:
                foreach (var item in array)
                {
                    Prune(item, items, root: false);
                }

                break;
        }
    }

    private static void PruneObject(JsonObject obj, JsonObject schema, bool root)
    {
        var preserve = schema.BooleanOrNull("x-kubernetes-preserve-unknown-fields") == true;
        var properties = schema.ObjectOrNull("properties");
        var additional = schema.ObjectOrNull("additionalProperties");
        foreach (var name in obj.Select(p => p.Key).ToList())
        {
            if (root && ServerFields.Contains(name))
            {
                continue;
            }

            if (properties?[name] is JsonObject childSchema)
            {
                Prune(obj[name], childSchema, root: false);
            }
            else if (additional is not null)
            {
                Prune(obj[name], additional, root: false);
            }
            else if (!preserve && schema.BooleanOrNull("additionalProperties") != true)
            {
                obj.Remove(name);
            }
        }
    }
}
