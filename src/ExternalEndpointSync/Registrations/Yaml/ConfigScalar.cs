namespace ExternalEndpointSync.Registrations.Yaml;

/// <summary>A scalar; <see cref="IsPlain"/> tells a bare <c>80</c> or <c>true</c> from a quoted one.</summary>
public sealed class ConfigScalar : ConfigNode
{
    public ConfigScalar(string value, bool isPlain, int line, int column)
        : base(line, column, 1)
    {
        Value = value;
        IsPlain = isPlain;
    }

    public string Value { get; }

    /// <summary>Unquoted and untagged, so YAML's core schema gives it a type (int, bool, null).</summary>
    public bool IsPlain { get; }

    /// <summary>An empty value, <c>~</c> or <c>null</c>: treated as if the key were absent.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() => IsNull ? "null" : $"the value \"{Value}\"";
}
