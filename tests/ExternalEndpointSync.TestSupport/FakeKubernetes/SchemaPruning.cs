using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// Structural pruning (apiextensions' <c>pruning.PruneWithOptions</c>): fields the schema does not
/// declare are dropped, unless the node or an ancestor says x-kubernetes-preserve-unknown-fields or
/// declares additionalProperties. metadata, apiVersion and kind at the root are the API server's.
/// The dropped paths (<c>spec.foo</c>, <c>spec.ports[0].bar</c>) come back sorted, as the
/// schema-coercing decoder reports them as unknown fields.
/// </summary>
internal static class SchemaPruning
{
    private static readonly string[] ServerFields = ["metadata", "apiVersion", "kind"];

    public static IReadOnlyList<string> Prune(JsonObject obj, JsonObject schema)
    {
        var pruned = new List<string>();
        PruneObject(obj, schema, string.Empty, pruned, root: true, preserveInherited: false);
        pruned.Sort(StringComparer.Ordinal);
        return pruned;
    }

    private static void Prune(JsonNode? value, JsonObject schema, string path, List<string> pruned, bool preserveInherited)
    {
        switch (value)
        {
            case JsonObject obj:
                PruneObject(obj, schema, path, pruned, root: false, preserveInherited);
                break;
            case JsonArray array when schema.ObjectOrNull("items") is { } items:
                // Items of a preserving list keep their unknown fields too (pruning's skipPrune).
                var preserveItems = preserveInherited || Preserves(schema);
                for (var i = 0; i < array.Count; i++)
                {
                    Prune(array[i], items, $"{path}[{i}]", pruned, preserveItems);
                }

                break;
        }
    }

    private static void PruneObject(JsonObject obj, JsonObject schema, string path, List<string> pruned, bool root, bool preserveInherited)
    {
        var preserve = preserveInherited || Preserves(schema) || schema.BooleanOrNull("additionalProperties") == true;
        var properties = schema.ObjectOrNull("properties");
        var additional = schema.ObjectOrNull("additionalProperties");
        foreach (var name in obj.Select(p => p.Key).ToList())
        {
            if (root && ServerFields.Contains(name))
            {
                continue;
            }

            var childPath = path.Length == 0 ? name : $"{path}.{name}";
            if (properties?[name] is JsonObject childSchema)
            {
                Prune(obj[name], childSchema, childPath, pruned, preserveInherited: false);
            }
            else if (additional is not null)
            {
                Prune(obj[name], additional, childPath, pruned, preserveInherited: false);
            }
            else if (!preserve)
            {
                pruned.Add(childPath);
                obj.Remove(name);
            }
        }
    }

    private static bool Preserves(JsonObject schema) => schema.BooleanOrNull("x-kubernetes-preserve-unknown-fields") == true;
}
