using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ExternalEndpointSync.Tests.Schema;

/// <summary>
/// Writes a JSON tree as block-style YAML, the way Kubernetes manifests look. Strings that YAML
/// could read as anything else are written as JSON strings, which YAML reads back unchanged.
/// </summary>
internal static partial class YamlText
{
    private static readonly string[] Reserved = ["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"];

    public static string Write(JsonNode node)
    {
        var text = new StringBuilder();
        WriteNode(text, node, 0);
        return text.ToString();
    }

    private static void WriteNode(StringBuilder text, JsonNode node, int indent)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    text.Append(' ', indent).Append(Scalar(key)).Append(':');
                    WriteValue(text, value!, indent);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    text.Append(' ', indent).Append('-');
                    if (item is JsonObject { Count: > 0 } itemObject)
                    {
                        // The first key goes on the dash's line; the others line up under it.
                        var nested = new StringBuilder();
                        WriteNode(nested, itemObject, indent + 2);
                        text.Append(' ').Append(nested.ToString(indent + 2, nested.Length - indent - 2));
                    }
                    else
                    {
                        WriteValue(text, item!, indent);
                    }
                }

                break;
            default:
                throw new ArgumentException("a document is a mapping or a list", nameof(node));
        }
    }

    private static void WriteValue(StringBuilder text, JsonNode value, int indent)
    {
        switch (value)
        {
            case JsonObject { Count: 0 }:
                text.Append(" {}\n");
                break;
            case JsonArray { Count: 0 }:
                text.Append(" []\n");
                break;
            case JsonObject or JsonArray:
                text.Append('\n');
                WriteNode(text, value, indent + 2);
                break;
            default:
                text.Append(' ').Append(ScalarValue(value.AsValue())).Append('\n');
                break;
        }
    }

    private static string ScalarValue(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => Scalar(value.GetValue<string>()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.ToJsonString(),
        var kind => throw new ArgumentException($"no YAML for a {kind} value", nameof(value)),
    };

    private static string Scalar(string text) =>
        Plain().IsMatch(text) && !text.Contains(": ", StringComparison.Ordinal) && !text.Contains(" #", StringComparison.Ordinal)
        && !Reserved.Contains(text.ToLower(CultureInfo.InvariantCulture))
            ? text
            : JsonSerializer.Serialize(text, JsonOptions.Relaxed);

    /// <summary>Starts with a letter, ends with no space or colon, and holds nothing YAML gives a meaning.</summary>
    [GeneratedRegex(@"^[A-Za-z][^\n\r\t""'`{}\[\]&*!|>%@\\]*(?<![\s:])$", RegexOptions.CultureInvariant)]
    private static partial Regex Plain();
}
