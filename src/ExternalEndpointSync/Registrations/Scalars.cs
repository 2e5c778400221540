using System.Globalization;
using ExternalEndpointSync.Registrations.Yaml;

namespace ExternalEndpointSync.Registrations;

/// <summary>Typed readings of single nodes, shared by mappings and list items.</summary>
internal static class Scalars
{
    public static Located<string>? String(Located<ConfigNode> value, ConfigDiagnostics diagnostics)
    {
        if (value.Node is ConfigScalar scalar)
        {
            return new Located<string>(scalar.Value, scalar, value.Path);
        }

        diagnostics.Error(value, $"must be a string, not {value.Node.Describe()}");
        return null;
    }

    public static Located<int>? Int(Located<ConfigNode> value, ConfigDiagnostics diagnostics)
    {
        if (value.Node is ConfigScalar { IsPlain: true } scalar
            && int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return new Located<int>(number, scalar, value.Path);
        }

        diagnostics.Error(value, $"must be an integer, not {value.Node.Describe()}{QuotedHint(value.Node, text => int.TryParse(text, CultureInfo.InvariantCulture, out _))}");
        return null;
    }

    public static Located<bool>? Bool(Located<ConfigNode> value, ConfigDiagnostics diagnostics)
    {
        bool? flag = value.Node is ConfigScalar { IsPlain: true } scalar
            ? scalar.Value switch
            {
                "true" or "True" or "TRUE" => true,
                "false" or "False" or "FALSE" => false,
                _ => null,
            }
            : null;
        if (flag is { } result)
        {
            return new Located<bool>(result, value.Node, value.Path);
        }

        diagnostics.Error(value, $"must be true or false, not {value.Node.Describe()}{QuotedHint(value.Node, text => text is "true" or "false")}");
        return null;
    }

    public static Located<TimeSpan>? Duration(Located<ConfigNode> value, ConfigDiagnostics diagnostics)
    {
        if (value.Node is ConfigScalar scalar && DurationParser.TryParse(scalar.Value, out var duration))
        {
            return new Located<TimeSpan>(duration, scalar, value.Path);
        }

        var bare = value.Node is ConfigScalar { IsPlain: true } number && decimal.TryParse(number.Value, CultureInfo.InvariantCulture, out _)
            ? " (a bare number has no unit)"
            : "";
        diagnostics.Error(value, $"must be {DurationParser.ExpectedForm}, not {value.Node.Describe()}{bare}");
        return null;
    }

    public static Located<T>? Enum<T>(Located<ConfigNode> value, IReadOnlyDictionary<string, T> values, ConfigDiagnostics diagnostics)
        where T : notnull
    {
        if (value.Node is ConfigScalar scalar && values.TryGetValue(scalar.Value, out var result))
        {
            return new Located<T>(result, scalar, value.Path);
        }

        var hint = value.Node is ConfigScalar text && values.Keys.FirstOrDefault(key => string.Equals(key, text.Value, StringComparison.OrdinalIgnoreCase)) is { } match
            ? $"; did you mean \"{match}\"? (values are case-sensitive)"
            : "";
        diagnostics.Error(value, $"must be one of {string.Join(", ", values.Keys)}, not {value.Node.Describe()}{hint}");
        return null;
    }

    private static string QuotedHint(ConfigNode node, Func<string, bool> wouldParse) =>
        node is ConfigScalar { IsPlain: false } scalar && wouldParse(scalar.Value) ? " (remove the quotes)" : "";
}
