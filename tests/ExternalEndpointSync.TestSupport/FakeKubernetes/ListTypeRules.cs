using System.Text.Json;
using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// x-kubernetes-list-type (apiextensions' listtype validation): a <c>set</c> holds no value twice, a
/// <c>map</c> no two items with the same x-kubernetes-list-map-keys; the later item is the Duplicate,
/// printed as Go prints the value (a map key tuple as <c>map[string]interface {}{...}</c>).
/// </summary>
internal static class ListTypeRules
{
    public static IEnumerable<FieldError> Validate(JsonArray array, JsonObject schema, string path)
    {
        var listType = schema.StringOrNull("x-kubernetes-list-type");
        if (listType is not ("set" or "map"))
        {
            yield break;
        }

        var keys = schema.ArrayOrNull("x-kubernetes-list-map-keys").Strings();
        var seen = new List<JsonNode?>();
        for (var index = 0; index < array.Count; index++)
        {
            var identity = listType == "set" ? array[index] : KeyTuple(array[index], keys);
            if (seen.Any(s => JsonNode.DeepEquals(s, identity)))
            {
                yield return FieldError.Duplicate($"{path}[{index}]", listType == "set" ? identity.ToGoValue() : GoMap((JsonObject)identity!));
            }

            seen.Add(identity);
        }
    }

    private static JsonObject KeyTuple(JsonNode? item, IReadOnlyList<string> keys)
    {
        var tuple = new JsonObject();
        foreach (var key in keys)
        {
            if (item?[key] is { } value)
            {
                tuple[key] = value.DeepClone();
            }
        }

        return tuple;
    }

    private static string GoMap(JsonObject tuple) =>
        "map[string]interface {}{" + string.Join(", ", tuple.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{JsonNodeExtensions.Quote(p.Key)}:{GoValue(p.Value)}")) + "}";

    private static string GoValue(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? $"{v.ToJsonString()}" : value.ToGoValue();
}
