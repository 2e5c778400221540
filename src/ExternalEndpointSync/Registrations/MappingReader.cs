using ExternalEndpointSync.Registrations.Yaml;

namespace ExternalEndpointSync.Registrations;

/// <summary>
/// Reads typed fields out of one mapping, reporting wrong node kinds and bad values, and
/// remembers which keys were asked for so that <see cref="ReportUnknownKeys"/> can flag the rest.
/// </summary>
internal sealed class MappingReader
{
    private readonly HashSet<string> known = new(StringComparer.Ordinal);

    public MappingReader(ConfigMapping node, string path, ConfigDiagnostics diagnostics)
    {
        Node = node;
        Path = path;
        Diagnostics = diagnostics;
    }

    public ConfigMapping Node { get; }

    public string Path { get; }

    public ConfigDiagnostics Diagnostics { get; }

    /// <summary>A reader for <paramref name="node"/>, or null (and an error) when it is not a mapping.</summary>
    public static MappingReader? For(ConfigNode node, string path, ConfigDiagnostics diagnostics)
    {
        if (node is ConfigMapping mapping)
        {
            return new MappingReader(mapping, path, diagnostics);
        }

        diagnostics.Error(path, node, $"must be a mapping, not {node.Describe()}");
        return null;
    }

    public string PathOf(string key) => ConfigPath.Key(Path, key);

    /// <summary>The value under <paramref name="key"/>; null when absent or written as null.</summary>
    public Located<ConfigNode>? Value(string key)
    {
        known.Add(key);
        var node = Node[key];
        return node is null or ConfigScalar { IsNull: true } ? null : new Located<ConfigNode>(node, node, PathOf(key));
    }

    public void Required(string key, string what)
    {
        if (Value(key) is null)
        {
            Diagnostics.Error(PathOf(key), Node, $"is required: {what}");
        }
    }

    public Located<string>? String(string key) => Value(key) is { } value ? Scalars.String(value, Diagnostics) : null;

    public Located<int>? Int(string key) => Value(key) is { } value ? Scalars.Int(value, Diagnostics) : null;

    public Located<bool>? Bool(string key) => Value(key) is { } value ? Scalars.Bool(value, Diagnostics) : null;

    public Located<TimeSpan>? Duration(string key) => Value(key) is { } value ? Scalars.Duration(value, Diagnostics) : null;

    public Located<T>? Enum<T>(string key, IReadOnlyDictionary<string, T> values)
        where T : notnull =>
        Value(key) is { } value ? Scalars.Enum(value, values, Diagnostics) : null;

    public MappingReader? Mapping(string key) =>
        Value(key) is { } value ? For(value.Node, value.Path, Diagnostics) : null;

    public IReadOnlyList<Located<ConfigNode>>? Sequence(string key)
    {
        if (Value(key) is not { } value)
        {
            return null;
        }

        if (value.Node is not ConfigSequence sequence)
        {
            Diagnostics.Error(value, $"must be a list, not {value.Node.Describe()}");
            return null;
        }

        return [.. sequence.Items.Select((item, index) => new Located<ConfigNode>(item, item, ConfigPath.Index(value.Path, index)))];
    }

    /// <summary>The string items of a list; items that are not strings are reported and left out.</summary>
    public IReadOnlyList<Located<string>>? StringList(string key) =>
        Sequence(key)?.Select(item => Scalars.String(item, Diagnostics)).OfType<Located<string>>().ToList();

    /// <summary>A mapping of strings to strings (labels, annotations), each key located at its own node.</summary>
    public IReadOnlyList<KeyValuePair<Located<string>, Located<string>>>? StringMap(string key)
    {
        if (Mapping(key) is not { } map)
        {
            return null;
        }

        var entries = new List<KeyValuePair<Located<string>, Located<string>>>();
        foreach (var (keyNode, valueNode) in map.Node.Entries)
        {
            var path = map.PathOf(keyNode.Value);
            var text = valueNode is ConfigScalar { IsNull: true } ? new Located<string>("", valueNode, path) : Scalars.String(new(valueNode, valueNode, path), Diagnostics);
            if (text is { } value)
            {
                entries.Add(new(new Located<string>(keyNode.Value, keyNode, path), value));
            }
        }

        return entries;
    }

    /// <summary>Reports <paramref name="key"/> as not allowed here, with why.</summary>
    public void Forbid(string key, string why)
    {
        if (Value(key) is { } value)
        {
            Diagnostics.Error(PathOf(key), Node.Entries.First(entry => entry.Key.Value == key).Key, why);
        }
    }

    public void ReportUnknownKeys()
    {
        foreach (var (key, _) in Node.Entries)
        {
            if (known.Contains(key.Value))
            {
                continue;
            }

            var hint = KeySuggestion.Closest(key.Value, known) is { } suggestion ? $"; did you mean \"{suggestion}\"?" : "";
            var allowed = string.Join(", ", known.Order(StringComparer.Ordinal));
            Diagnostics.Error(PathOf(key.Value), key, $"unknown field \"{key.Value}\"{hint} (allowed here: {allowed})");
        }
    }
}
