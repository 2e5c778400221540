using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ExternalEndpointSync.Reporting.Output;

/// <summary>
/// Writes a JSON document as block YAML that every YAML 1.1 and 1.2 reader (kubectl's go-yaml
/// among them) reads back as the same JSON. A string is written plain only when it starts with a
/// letter, holds nothing but letters, digits and <c>._/-</c>, and is none of YAML 1.1's boolean or
/// null words (<c>yes</c>, <c>on</c>, <c>n</c>, <c>null</c>…); everything else is double-quoted
/// with JSON escapes, which YAML reads the same. So <c>0x1F</c>, <c>1_000</c>, <c>0o17</c>,
/// <c>.inf</c>, <c>+12</c>, <c>1e3</c>, <c>2026-01-01</c>, <c>~</c> and <c>yes</c> stay strings.
/// </summary>
public static partial class SafeYaml
{
    private static readonly HashSet<string> ReservedWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "y", "n", "yes", "no", "on", "off", "true", "false", "null",
    };

    private static readonly JsonSerializerOptions StringOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9._/-]*$")]
    private static partial Regex PlainPattern();

    public static string Write(JsonNode? document)
    {
        var text = new StringBuilder();
        WriteValue(text, document, 0, afterKey: false);
        return text.ToString();
    }

    /// <summary>A string as a scalar that reads back as that same string.</summary>
    public static string Scalar(string value) =>
        PlainPattern().IsMatch(value) && !ReservedWords.Contains(value) ? value : JsonSerializer.Serialize(value, StringOptions);

    private static void WriteValue(StringBuilder text, JsonNode? node, int indent, bool afterKey)
    {
        switch (node)
        {
            case JsonObject { Count: > 0 } map:
                if (afterKey)
                {
                    text.Append('\n');
                }

                var first = true;
                foreach (var (key, value) in map)
                {
                    if (!first || afterKey)
                    {
                        text.Append(' ', indent);
                    }

                    first = false;
                    text.Append(Scalar(key)).Append(':');
                    WriteMember(text, value, indent + 2);
                }

                break;
            case JsonArray { Count: > 0 } list:
                if (afterKey)
                {
                    text.Append('\n');
                }

                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0 || afterKey)
                    {
                        text.Append(' ', indent);
                    }

                    text.Append("- ");
                    if (list[i] is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
                    {
                        WriteValue(text, list[i], indent + 2, afterKey: false);
                    }
                    else
                    {
                        text.Append(Leaf(list[i])).Append('\n');
                    }
                }

                break;
            default:
                text.Append(afterKey ? " " : "").Append(Leaf(node)).Append('\n');
                break;
        }
    }

    private static void WriteMember(StringBuilder text, JsonNode? value, int indent)
    {
        if (value is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
        {
            // Sequences under a key sit at the key's own indentation, as kubectl writes them.
            WriteValue(text, value, value is JsonArray ? indent - 2 : indent, afterKey: true);
        }
        else
        {
            text.Append(' ').Append(Leaf(value)).Append('\n');
        }
    }

    private static string Leaf(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => Scalar(value.GetValue<string>()),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.ToJsonString(),
        JsonValue value => value.GetValueKind() == JsonValueKind.True ? "true" : "false",
        _ => throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"unexpected node {node}")),
    };
}
