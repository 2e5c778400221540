using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>
/// YAML to JSON with YAML 1.2 core-schema scalars, and each services[] entry of a config file
/// wrapped as an ExternalService: name and namespace into metadata, the rest as spec (as
/// Schema/Validator/validate_config.py wraps them for jsonschema).
/// </summary>
internal static class ExternalServiceWrapping
{
    public static IReadOnlyList<JsonNode?> Documents(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        return [.. stream.Documents.Select(d => ToJson(d.RootNode))];
    }

    public static IReadOnlyList<(string Location, string Namespace, JsonObject Object)> Wrap(string configPath)
    {
        var services = Documents(configPath).SingleOrDefault()?["services"]?.AsArray() ?? [];
        return [.. services.Select((entry, index) =>
        {
            var spec = entry!.AsObject().CloneObjectWithout("name", "namespace");
            var ns = (string?)entry["namespace"] ?? "default";
            var obj = new JsonObject
            {
                ["apiVersion"] = "externalendpoints.io/v1alpha1",
                ["kind"] = "ExternalService",
                ["metadata"] = new JsonObject { ["name"] = entry["name"]?.DeepClone(), ["namespace"] = ns },
                ["spec"] = spec,
            };
            return ($"{Path.GetFileName(configPath)}/services/{index}", ns, obj);
        })];
    }

    private static JsonObject CloneObjectWithout(this JsonObject obj, params string[] keys)
    {
        var clone = new JsonObject();
        foreach (var (key, value) in obj.Where(p => !keys.Contains(p.Key)))
        {
            clone[key] = value?.DeepClone();
        }

        return clone;
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, ToJson(p.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && !text.Contains(':', StringComparison.Ordinal) => JsonValue.Create(number),
            _ => JsonValue.Create(text),
        };
    }
}
