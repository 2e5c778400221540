using System.Globalization;
using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// Answers <c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io</c> (what kubectl asks for when it
/// prints) with a meta.k8s.io/v1 Table: NAME, the resource's columns, AGE, then priority-1 columns.
/// </summary>
internal static class TableConverter
{
    public static bool Wanted(string? accept) =>
        accept is not null && accept.Contains("as=Table", StringComparison.Ordinal) && accept.Contains("g=meta.k8s.io", StringComparison.Ordinal);

    public static JsonObject Convert(ResourceDefinition definition, IEnumerable<JsonObject> objects, JsonObject listMetadata, string? includeObject, DateTimeOffset now)
    {
        var columns = new List<TableColumn> { new("Name", "Name must be unique within a namespace.", o => o.Name()) };
        columns.AddRange(definition.Strategy.PrintColumns.Where(c => c.Priority == 0));
        if (!definition.Strategy.PrintColumns.Any(c => c.Name == "Age"))
        {
            columns.Add(new TableColumn("Age", "CreationTimestamp is a timestamp representing the server time when this object was created.", o => o.Metadata().StringOrNull("creationTimestamp") ?? string.Empty, IsDate: true));
        }

        columns.AddRange(definition.Strategy.PrintColumns.Where(c => c.Priority != 0));
        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = listMetadata,
            ["columnDefinitions"] = new JsonArray(columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = "string",
                ["format"] = c.Name == "Name" ? "name" : string.Empty,
                ["description"] = c.Description,
                ["priority"] = c.Priority,
            }).ToArray()),
            ["rows"] = new JsonArray(objects.Select(o => (JsonNode)new JsonObject
            {
                ["cells"] = new JsonArray(columns.Select(c => (JsonNode)JsonValue.Create(c.IsDate ? Age(c.Cell(o), now) : c.Cell(o))).ToArray()),
                ["object"] = RowObject(o, includeObject),
            }).ToArray()),
        };
    }

    private static JsonObject? RowObject(JsonObject obj, string? includeObject) => includeObject switch
    {
        "None" => null,
        "Object" => obj.CloneObject(),
        _ => new JsonObject
        {
            ["kind"] = "PartialObjectMetadata",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = obj.Metadata().DeepClone(),
        },
    };

    private static string Age(string timestamp, DateTimeOffset now) =>
        DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created)
            ? HumanDuration(now - created)
            : "<unknown>";

    /// <summary>apimachinery's <c>duration.HumanDuration</c>.</summary>
    private static string HumanDuration(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 120)
        {
            return $"{seconds}s";
        }

        var minutes = seconds / 60;
        var hours = minutes / 60;
        var days = hours / 24;
        return minutes switch
        {
            < 10 => seconds % 60 == 0 ? $"{minutes}m" : $"{minutes}m{seconds % 60}s",
            < 180 => $"{minutes}m",
            _ when hours < 8 => minutes % 60 == 0 ? $"{hours}h" : $"{hours}h{minutes % 60}m",
            _ when hours < 48 => $"{hours}h",
            _ when hours < 192 => hours % 24 == 0 ? $"{days}d" : $"{days}d{hours % 24}h",
            _ when days < 730 => $"{days}d",
            _ when days < 2920 => days % 365 == 0 ? $"{days / 365}y" : $"{days / 365}y{days % 365}d",
            _ => $"{days / 365}y",
        };
    }
}
