using System.Text;
using System.Text.Json;
using ExternalEndpointSync.Registrations.Yaml;

namespace ExternalEndpointSync.Model;

/// <summary>
/// The config file's <c>defaults</c> as written (without <c>name</c>), kept as a tree so they can be
/// laid under an ExternalService's spec exactly as under each <c>services[]</c> entry. Two are equal
/// when their content is (keys, values and whether each scalar was quoted), wherever they were read.
/// </summary>
public sealed class ServiceDefaults : IEquatable<ServiceDefaults>
{
    private readonly string content;

    public ServiceDefaults(ConfigMapping mapping)
    {
        Mapping = mapping ?? throw new ArgumentNullException(nameof(mapping));
        var text = new StringBuilder();
        Render(mapping, text);
        content = text.ToString();
    }

    public ConfigMapping Mapping { get; }

    public bool Equals(ServiceDefaults? other) => other is not null && content == other.content;

    public override bool Equals(object? obj) => Equals(obj as ServiceDefaults);

    public override int GetHashCode() => content.GetHashCode(StringComparison.Ordinal);

    private static void Render(ConfigNode node, StringBuilder text)
    {
        switch (node)
        {
            case ConfigMapping mapping:
                text.Append('{');
                foreach (var (key, value) in mapping.Entries)
                {
                    text.Append(JsonSerializer.Serialize(key.Value)).Append(':');
                    Render(value, text);
                    text.Append(',');
                }

                text.Append('}');
                break;
            case ConfigSequence sequence:
                text.Append('[');
                foreach (var item in sequence.Items)
                {
                    Render(item, text);
                    text.Append(',');
                }

                text.Append(']');
                break;
            case ConfigScalar scalar:
                text.Append(scalar.IsPlain ? 'p' : 'q').Append(JsonSerializer.Serialize(scalar.Value));
                break;
        }
    }
}
