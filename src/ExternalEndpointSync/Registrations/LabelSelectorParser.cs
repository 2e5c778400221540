using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Registrations;

/// <summary>Reads a label selector with the API server's rules for its keys, values and operators.</summary>
internal static class LabelSelectorParser
{
    private static readonly IReadOnlyDictionary<string, LabelSelectorOperator> Operators =
        Enum.GetValues<LabelSelectorOperator>().ToDictionary(static value => value.ToString(), StringComparer.Ordinal);

    public static LabelSelector Parse(MappingReader reader)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in reader.StringMap("matchLabels") ?? [])
        {
            CheckKey(key, reader.Diagnostics);
            CheckValue(value, reader.Diagnostics);
            labels[key.Value] = value.Value;
        }

        var requirements = new List<LabelSelectorRequirement>();
        foreach (var item in reader.Sequence("matchExpressions") ?? [])
        {
            if (MappingReader.For(item.Node, item.Path, reader.Diagnostics) is { } expression && Requirement(expression) is { } requirement)
            {
                requirements.Add(requirement);
            }
        }

        reader.ReportUnknownKeys();
        return new LabelSelector { MatchLabels = ValueDictionary.From(labels), MatchExpressions = requirements.ToValueList() };
    }

    private static LabelSelectorRequirement? Requirement(MappingReader reader)
    {
        var key = reader.String("key");
        reader.Required("key", "the label key the expression tests");
        var op = reader.Enum("operator", Operators);
        reader.Required("operator", "one of In, NotIn, Exists, DoesNotExist");
        var values = reader.StringList("values");
        reader.ReportUnknownKeys();
        if (key is { } k)
        {
            CheckKey(k, reader.Diagnostics);
        }

        foreach (var value in values ?? [])
        {
            CheckValue(value, reader.Diagnostics);
        }

        if (op is { } o)
        {
            var takesValues = o.Value is LabelSelectorOperator.In or LabelSelectorOperator.NotIn;
            if (takesValues && values is not { Count: > 0 })
            {
                reader.Diagnostics.Error(reader.PathOf("values"), reader.Node["values"] ?? reader.Node, $"must list at least one value with operator {o.Value}");
            }
            else if (!takesValues && values is { Count: > 0 })
            {
                reader.Diagnostics.Error(reader.PathOf("values"), reader.Node["values"], $"must be empty with operator {o.Value}");
            }
        }

        return key is { } name && op is { } chosen ? new LabelSelectorRequirement(name.Value, chosen.Value, (values ?? []).Select(static value => value.Value).ToValueList()) : null;
    }

    private static void CheckKey(Located<string> key, ConfigDiagnostics diagnostics)
    {
        if (!KubernetesNames.IsQualifiedName(key.Value))
        {
            diagnostics.Error(key, $"label key {KubernetesNames.QualifiedNameRule}: \"{key.Value}\"");
        }
    }

    private static void CheckValue(Located<string> value, ConfigDiagnostics diagnostics)
    {
        if (!KubernetesNames.IsLabelValue(value.Value))
        {
            diagnostics.Error(value, $"{KubernetesNames.LabelValueRule}: \"{value.Value}\"");
        }
    }
}
