using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// A CustomResourceDefinition's additionalPrinterColumns as server-side print columns
/// (apiextensions' tableconvertor): the JSONPath subset CRDs use (<c>.a.b</c>, <c>[n]</c>,
/// <c>[?(@.k=="v")]</c>); a path that finds nothing prints <c>&lt;none&gt;</c> as kubectl shows a
/// nil cell; <c>date</c> columns print as ages.
/// </summary>
internal static partial class PrinterColumnCells
{
    public static IReadOnlyList<TableColumn> Columns(IReadOnlyList<JsonObject> printerColumns) =>
        [.. printerColumns.Select(column =>
        {
            var path = column.StringOrNull("jsonPath") ?? string.Empty;
            return new TableColumn(
                column.StringOrNull("name") ?? string.Empty,
                column.StringOrNull("description") ?? string.Empty,
                obj => Cell(obj, path),
                (int)(column.IntegerOrNull("priority") ?? 0),
                IsDate: column.StringOrNull("type") == "date");
        })];

    public static string Cell(JsonObject obj, string jsonPath)
    {
        IEnumerable<JsonNode?> current = [obj];
        foreach (Match step in Step().Matches(jsonPath))
        {
            var name = step.Groups["name"].Value;
            current = current.Select(node => name.Length == 0 ? node : (node as JsonObject)?[name]);
            if (step.Groups["index"].Success)
            {
                var index = int.Parse(step.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
                current = current.Select(node => node is JsonArray array && index < array.Count ? array[index] : null);
            }
            else if (step.Groups["key"].Success)
            {
                var key = step.Groups["key"].Value;
                var value = step.Groups["value"].Value;
                current = current.SelectMany(node => node is JsonArray array ? array.Where(item => item.StringOrNull(key) == value) : []);
            }
        }

        var found = current.Where(node => node is not null).Select(Text).ToList();
        return found.Count == 0 ? "<none>" : string.Join(",", found);
    }

    private static string Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : node!.ToJsonString();

    [GeneratedRegex("""\.(?<name>[A-Za-z0-9_-]*)(\[(?:(?<index>\d+)|\?\(@\.(?<key>[A-Za-z0-9_-]+)==["'](?<value>[^"']*)["']\))\])?""")]
    private static partial Regex Step();
}
