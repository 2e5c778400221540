using System.Text.Json;
using ExternalEndpointSync.Registrations.Yaml;

namespace ExternalEndpointSync.Registrations.Resources;

/// <summary>
/// A JSON value as the configuration tree the file's parser reads: strings are quoted scalars and
/// numbers, booleans and null plain ones, as YAML's core schema types them, so a custom resource's
/// spec means what the same text would mean in the file. JSON has no lines: every node is at line 0,
/// and problems are located by their path alone.
/// </summary>
public static class JsonConfigTree
{
    public static ConfigNode From(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => new ConfigMapping(
            [.. value.EnumerateObject().Select(static p => KeyValuePair.Create(new ConfigScalar(p.Name, isPlain: false, 0, 0), From(p.Value)))], 0, 0),
        JsonValueKind.Array => new ConfigSequence([.. value.EnumerateArray().Select(From)], 0, 0),
        JsonValueKind.String => new ConfigScalar(value.GetString()!, isPlain: false, 0, 0),
        JsonValueKind.True => new ConfigScalar("true", isPlain: true, 0, 0),
        JsonValueKind.False => new ConfigScalar("false", isPlain: true, 0, 0),
        JsonValueKind.Number => new ConfigScalar(value.GetRawText(), isPlain: true, 0, 0),
        _ => new ConfigScalar("null", isPlain: true, 0, 0),
    };
}
