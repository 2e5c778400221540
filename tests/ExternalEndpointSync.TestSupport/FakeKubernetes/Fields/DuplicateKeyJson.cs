using System.Text.Json;
using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes.Fields;

/// <summary>
/// Parses JSON the way Go's decoder treats repeated keys (the last one wins) while recording each
/// repeat's path, as sigs.k8s.io/json's strict mode reports them (<c>metadata.name</c>, <c>spec.ports[0].port</c>).
/// </summary>
internal static class DuplicateKeyJson
{
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8, List<string> duplicates)
    {
        var reader = new Utf8JsonReader(utf8);
        if (!reader.Read())
        {
            throw new JsonException("unexpected end of JSON input");
        }

        var node = ReadValue(ref reader, string.Empty, duplicates);
        if (reader.Read())
        {
            throw new JsonException("invalid character after top-level value");
        }

        return node;
    }

    private static JsonNode? ReadValue(ref Utf8JsonReader reader, string path, List<string> duplicates)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var obj = new JsonObject();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString()!;
                    var childPath = path.Length == 0 ? name : $"{path}.{name}";
                    reader.Read();
                    var value = ReadValue(ref reader, childPath, duplicates);
                    if (!seen.Add(name))
                    {
                        duplicates.Add(childPath);
                    }

                    obj[name] = value;
                }

                return obj;
            case JsonTokenType.StartArray:
                var array = new JsonArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    array.Add(ReadValue(ref reader, $"{path}[{array.Count}]", duplicates));
                }

                return array;
            case JsonTokenType.Null:
                return null;
            default:
                return JsonValue.Create(JsonElement.ParseValue(ref reader));
        }
    }
}
