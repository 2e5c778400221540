using System.Text.Json.Nodes;
using ExternalEndpointSync.Registrations;

namespace ExternalEndpointSync.Tests.Schema;

/// <summary>
/// A configuration that sets every property <see cref="ConfigSchemaModel"/> describes at least once,
/// plus <see cref="ProbeKey"/> in every mapping with fixed keys, so that the parser's unknown-key
/// errors tell, for each mapping, which keys it accepts there. One service per source kind and one
/// ExternalName service cover the properties that exclude each other; <c>defaults</c> has a
/// configuration of its own, because a service's own value hides the default it replaces.
/// </summary>
internal sealed class SchemaExercise
{
    public const string ProbeKey = "zzNotAField";

    /// <summary>Values for strings the model gives no default or enum for, by field name; the rest get "x".</summary>
    private static readonly Dictionary<string, string> Samples = new(StringComparer.Ordinal)
    {
        ["name"] = "db.example.com",
        ["externalName"] = "docs.example.com",
        ["addresses"] = "192.0.2.10",
        ["nameservers"] = "192.0.2.53",
        ["appProtocol"] = "http",
        ["serverName"] = "db.example.com",
        ["host"] = "example.com",
        ["service"] = "api",
        ["refusedCidrs"] = "192.0.2.0/24",
        ["podCidrs"] = "10.244.0.0/16",
        ["serviceCidrs"] = "10.96.0.0/12",
        ["allowedCidrs"] = "10.20.0.0/16",
        ["namespaces"] = "team-a",
        ["namespace"] = "team-a",
        ["refusedSuffixes"] = "svc",
    };

    private readonly List<(string Path, ObjectNode Node)> mappings = [];

    private SchemaExercise()
    {
    }

    /// <summary>Every mapping the configuration holds, by its diagnostic path, with the schema node describing it.</summary>
    public IReadOnlyList<(string Path, ObjectNode Node)> Mappings => mappings;

    public JsonObject Document { get; private set; } = [];

    /// <summary>The top level, the consul section and every service field, with <c>defaults</c> left out so that nothing merges.</summary>
    public static SchemaExercise Build()
    {
        var exercise = new SchemaExercise();
        var document = exercise.TopLevel(except: ["services", "defaults"]);
        var entry = ConfigSchemaModel.ServiceEntry;
        var source = (ObjectNode)entry["source"];
        var services = new JsonArray();
        foreach (var kind in source.Fields)
        {
            var path = ConfigPath.Index("services", services.Count);
            var service = exercise.Mapping(entry.Without("externalName", "source"), path, entry);
            service["name"] = $"api-{services.Count}";
            service["source"] = exercise.Mapping(source with { Fields = [kind] }, ConfigPath.Key(path, "source"), source);
            services.Add(service);
        }

        var aliasPath = ConfigPath.Index("services", services.Count);
        var alias = exercise.Mapping(entry.Without("source", "ports", "healthCheck", "publish"), aliasPath, entry);
        alias["name"] = "docs";
        alias["type"] = "ExternalName";
        services.Add(alias);
        document["services"] = services;
        exercise.Document = document;
        return exercise;
    }

    /// <summary>
    /// Every field in <c>defaults</c>, and services that set only what they must, one per source kind,
    /// so that each default reaches the parser through the merge and is reported at its own path.
    /// </summary>
    public static SchemaExercise BuildDefaults()
    {
        var exercise = new SchemaExercise();
        var document = exercise.TopLevel(except: ["services", "consul", "externalServices", "defaults"]);

        // The parser reads name in defaults only to refuse it, so it lists name among the keys there.
        var entry = ConfigSchemaModel.ServiceEntry.AsPartial();
        document["defaults"] = exercise.Mapping(entry.Without("name"), "defaults", entry);
        var minimalSources = new[]
        {
            new JsonObject { ["static"] = new JsonObject { ["addresses"] = new JsonArray("192.0.2.10") } },
            new JsonObject { ["dns"] = new JsonObject { ["name"] = "db.example.com" } },
            new JsonObject { ["consul"] = new JsonObject { ["service"] = "api" } },
        };
        document["services"] = new JsonArray([.. minimalSources.Select((source, index) => (JsonNode)new JsonObject
        {
            ["name"] = $"api-{index}",
            ["type"] = "Headless",
            ["source"] = source,
        })]);
        exercise.Document = document;
        return exercise;
    }

    private JsonObject TopLevel(string[] except)
    {
        var document = new JsonObject();
        foreach (var field in ConfigSchemaModel.ConfigFile.Fields.Where(field => !except.Contains(field.Name)))
        {
            document[field.Name] = Value(field.Name, field.Node, ConfigPath.Key(ConfigPath.Root, field.Name));
        }

        return document;
    }

    /// <param name="describedBy">The schema node the parser's keys are compared with, when only some of its fields are set.</param>
    private JsonObject Mapping(ObjectNode node, string path, ObjectNode? describedBy = null)
    {
        mappings.Add((path, describedBy ?? node));
        var mapping = new JsonObject();
        foreach (var field in node.Fields)
        {
            mapping[field.Name] = Value(field.Name, field.Node, ConfigPath.Key(path, field.Name));
        }

        mapping[ProbeKey] = 1;
        return mapping;
    }

    private JsonNode Value(string name, SchemaNode node, string path) => node switch
    {
        ObjectNode nested => Mapping(nested, path),
        ListNode list => new JsonArray(Value(name, list.Items, ConfigPath.Index(path, 0))),
        StringMapNode => new JsonObject { ["example.com/team"] = "web" },
        StringNode text => text.Default as string ?? text.Enum?[0] ?? Samples.GetValueOrDefault(name, "x"),
        IntegerNode integer => integer.Default is int value ? value : integer.Minimum,
        BooleanNode => false,
        DurationNode duration => duration.Default as string ?? "5s",
        StatusCodeNode => "200-299",
        _ => throw new ArgumentException($"no sample for {node.GetType().Name}", nameof(node)),
    };
}
