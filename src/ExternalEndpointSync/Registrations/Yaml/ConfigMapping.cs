namespace ExternalEndpointSync.Registrations.Yaml;

/// <summary>A mapping with string keys in document order; duplicate keys were reported and dropped when it was read.</summary>
public sealed class ConfigMapping : ConfigNode
{
    public ConfigMapping(IReadOnlyList<KeyValuePair<ConfigScalar, ConfigNode>> entries, int line, int column)
        : base(line, column, SizeOf(entries.SelectMany(static entry => new[] { entry.Key, entry.Value })))
    {
        Entries = entries;
    }

    public IReadOnlyList<KeyValuePair<ConfigScalar, ConfigNode>> Entries { get; }

    public ConfigNode? this[string key] =>
        Entries.FirstOrDefault(entry => entry.Key.Value == key).Value;

    public bool ContainsKey(string key) => Entries.Any(entry => entry.Key.Value == key);

    public override string Describe() => "a mapping";
}
