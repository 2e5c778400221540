using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExternalEndpointSync.Registrations;

namespace ExternalEndpointSync.Tests.Schema;

/// <summary>The description both documents give a node: what it is, then its bounds and its default.</summary>
internal static class SchemaText
{
    /// <summary>Go-style durations as <see cref="DurationParser"/> reads them.</summary>
    public const string DurationPattern = @"^(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ms|h|m|s))+$";

    public const string StatusRangePattern = "^[1-5][0-9]{2}(-[1-5][0-9]{2})?$";

    public const int MinStatusCode = 100;

    public const int MaxStatusCode = 599;

    public static string Describe(SchemaNode node)
    {
        var bounds = node switch
        {
            IntegerNode integer => string.Create(CultureInfo.InvariantCulture, $" Between {integer.Minimum} and {integer.Maximum}."),
            DurationNode duration => $" A duration with units h, m, s or ms such as 500ms, 30s or 1m30s, between {DurationParser.Format(duration.Minimum)} and {DurationParser.Format(duration.Maximum)}.",
            _ => "",
        };
        var value = node.Default switch
        {
            null => "",
            IReadOnlyList<string> list => $" Default: [{string.Join(", ", list)}].",
            bool flag => flag ? " Default: true." : " Default: false.",
            var other => string.Create(CultureInfo.InvariantCulture, $" Default: {other}."),
        };
        return node.Description + bounds + value;
    }

    public static JsonNode? DefaultValue(SchemaNode node) => JsonSerializer.SerializeToNode(node.Default);
}
