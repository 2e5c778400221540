using System.Buffers;

namespace ExternalEndpointSync.Registrations;

/// <summary>Builds diagnostic paths such as <c>services[3].ports[0].name</c> or <c>labels["app.kubernetes.io/part-of"]</c>.</summary>
public static class ConfigPath
{
    /// <summary>The path of the document root, used for problems of the file as a whole.</summary>
    public const string Root = "(root)";

    /// <summary>The path of YAML syntax errors, which belong to no field.</summary>
    public const string Syntax = "(syntax)";

    private static readonly SearchValues<char> PlainKeyCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

    public static string Key(string parent, string key)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(key);
        var plain = key.Length > 0 && (char.IsAsciiLetter(key[0]) || key[0] == '_') && !key.AsSpan().ContainsAnyExcept(PlainKeyCharacters);
        if (!plain)
        {
            return $"{Display(parent)}[\"{key}\"]";
        }

        return parent.Length == 0 || parent == Root ? key : $"{parent}.{key}";
    }

    public static string Index(string parent, int index) => $"{Display(parent)}[{index}]";

    private static string Display(string parent) => parent == Root ? "" : parent;
}
