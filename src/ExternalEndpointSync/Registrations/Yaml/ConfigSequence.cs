namespace ExternalEndpointSync.Registrations.Yaml;

/// <summary>A list, block or flow style.</summary>
public sealed class ConfigSequence : ConfigNode
{
    public ConfigSequence(IReadOnlyList<ConfigNode> items, int line, int column)
        : base(line, column, SizeOf(items))
    {
        Items = items;
    }

    public IReadOnlyList<ConfigNode> Items { get; }

    public override string Describe() => "a list";
}
