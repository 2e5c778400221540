using System.Text.Json.Nodes;

namespace ExternalEndpointSync.Tests.Schema;

/// <summary>
/// Renders the ExternalService CustomResourceDefinition: its <c>spec</c> is
/// <see cref="ConfigSchemaModel.ServiceEntry"/> without name and namespace (the object's own).
/// A structural schema has no <c>default</c> here on purpose: the API server would store it in every
/// object, and then the cluster admin's <c>defaults</c> could never apply.
/// </summary>
internal static class CrdDocument
{
    public const string Group = "externalendpoints.io";
    public const string Version = "v1alpha1";
    public const string Kind = "ExternalService";
    public const string Plural = "externalservices";
    public const string ShortName = "extsvc";

    public static ObjectNode Spec { get; } = ConfigSchemaModel.ServiceEntry.Without("name", "namespace") with
    {
        Description = "One external service, as one entry of the config file's services[] without name and namespace: the Service gets this object's name and namespace. The cluster admin's defaults (in the config file) apply to every field left out; the defaults named below apply after them.",
    };

    public static JsonObject Build() => new()
    {
        ["apiVersion"] = "apiextensions.k8s.io/v1",
        ["kind"] = "CustomResourceDefinition",
        ["metadata"] = new JsonObject { ["name"] = $"{Plural}.{Group}" },
        ["spec"] = new JsonObject
        {
            ["group"] = Group,
            ["names"] = new JsonObject
            {
                ["kind"] = Kind,
                ["listKind"] = Kind + "List",
                ["plural"] = Plural,
                ["singular"] = "externalservice",
                ["shortNames"] = new JsonArray(ShortName),
            },
            ["scope"] = "Namespaced",
            ["versions"] = new JsonArray(new JsonObject
            {
                ["name"] = Version,
                ["served"] = true,
                ["storage"] = true,
                ["subresources"] = new JsonObject { ["status"] = new JsonObject() },
                ["additionalPrinterColumns"] = PrinterColumns(),
                ["schema"] = new JsonObject { ["openAPIV3Schema"] = OpenApiSchema() },
            }),
        },
    };

    public static JsonObject OpenApiSchema() => new()
    {
        ["description"] = "An external service (DNS, Consul or static addresses) that external-endpoint-sync publishes as a Service with EndpointSlices in this namespace, or as an ExternalName Service.",
        ["type"] = "object",
        ["required"] = new JsonArray("spec"),
        ["properties"] = new JsonObject
        {
            ["apiVersion"] = new JsonObject { ["description"] = "The versioned schema of this object.", ["type"] = "string" },
            ["kind"] = new JsonObject { ["description"] = "The kind of this object.", ["type"] = "string" },
            ["metadata"] = new JsonObject { ["description"] = "Standard object metadata; the name becomes the Service's name.", ["type"] = "object" },
            ["spec"] = Render(Spec),
            ["status"] = CrdStatusSchema.Build(),
        },
    };

    private static JsonArray PrinterColumns() => new(
        Column("Type", "string", ".spec.type", "The Service type; empty means the admin's default type, else ClusterIP."),
        Column("Source", "string", ".status.source", "Where the addresses come from."),
        Column("Ready Endpoints", "integer", ".status.endpoints.ready", "Endpoints published as ready."),
        Column("Total Endpoints", "integer", ".status.endpoints.total", "Endpoints published, ready or not."),
        Column("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", "Whether everything is published."),
        Column("Age", "date", ".metadata.creationTimestamp", "When the object was created."));

    private static JsonObject Column(string name, string type, string path, string description) => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["jsonPath"] = path,
        ["description"] = description,
    };

    private static JsonObject Render(SchemaNode node)
    {
        var schema = node switch
        {
            ObjectNode obj => Object(obj),
            StringNode text => String(text),
            IntegerNode integer => new JsonObject { ["type"] = "integer", ["minimum"] = integer.Minimum, ["maximum"] = integer.Maximum },
            BooleanNode => new JsonObject { ["type"] = "boolean" },
            DurationNode => new JsonObject { ["type"] = "string", ["pattern"] = SchemaText.DurationPattern },
            StatusCodeNode => new JsonObject { ["x-kubernetes-int-or-string"] = true },
            ListNode list => SharedKeywords.List(list, Render(list.Items)),
            StringMapNode map => new JsonObject { ["type"] = "object", ["additionalProperties"] = Render(map.Values) },
            _ => throw new ArgumentException($"no OpenAPI schema for {node.GetType().Name}", nameof(node)),
        };
        schema.Insert(0, "description", SchemaText.Describe(node));
        return schema;
    }

    private static JsonObject String(StringNode node)
    {
        var schema = new JsonObject { ["type"] = "string" };
        if (node.Enum is { } values)
        {
            schema["enum"] = new JsonArray([.. values.Select(value => JsonValue.Create(value))]);
        }

        return SharedKeywords.AddStringBounds(schema, node);
    }

    private static JsonObject Object(ObjectNode node)
    {
        var schema = SharedKeywords.Object(node, Render);
        if (node.Rules.Contains(ObjectRule.ExactlyOneField))
        {
            // A structural oneOf rather than CEL: kube-openapi evaluates it on every API server, and
            // the fake evaluates it the same way (it runs no CEL).
            schema["oneOf"] = new JsonArray([.. node.Fields.Select(field => new JsonObject { ["required"] = new JsonArray(field.Name) })]);
        }

        var rules = new JsonArray([.. node.Rules.SelectMany(CelRules)]);
        if (rules.Count > 0)
        {
            schema["x-kubernetes-validations"] = rules;
        }

        return schema;
    }

    private static IEnumerable<JsonObject> CelRules(ObjectRule rule)
    {
        const string isExternalName = "((has(self.type) && self.type == 'ExternalName') || (!has(self.type) && has(self.externalName)))";
        switch (rule)
        {
            case ObjectRule.ExactlyOneField:
                // Stated by the oneOf in Object.
                yield break;
            case ObjectRule.ServiceTypeDecidesSource:
                yield return Cel($"!{isExternalName} || has(self.externalName)", "type ExternalName needs externalName, the host name it aliases");
                yield return Cel($"!{isExternalName} || !has(self.source)", "source must not be set on an ExternalName service: it publishes a DNS alias (externalName), not addresses");
                yield return Cel($"{isExternalName} || has(self.source)", "source is required: the service needs exactly one of static, dns, consul");
                yield return Cel("!has(self.externalName) || !has(self.type) || self.type == 'ExternalName'", "externalName is only allowed with type: ExternalName");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(rule), rule, "not a rule of the ExternalService spec");
        }
    }

    private static JsonObject Cel(string rule, string message) => new() { ["rule"] = rule, ["message"] = message };
}
