using System.Text.Json.Nodes;

namespace ExternalEndpointSync.Tests.Schema;

/// <summary>Renders <see cref="ConfigSchemaModel.ConfigFile"/> as config/schema.json, a JSON Schema (draft 2020-12).</summary>
internal static class ConfigSchemaDocument
{
    public static JsonObject Build()
    {
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = "ExternalEndpointSync configuration (SyncConfig)",
        };
        foreach (var (key, value) in Render(ConfigSchemaModel.ConfigFile))
        {
            root[key] = value?.DeepClone();
        }

        return root;
    }

    private static JsonObject Render(SchemaNode node)
    {
        var schema = node switch
        {
            ObjectNode obj => Object(obj),
            StringNode text => String(text),
            IntegerNode integer => new JsonObject { ["type"] = "integer", ["minimum"] = integer.Minimum, ["maximum"] = integer.Maximum },
            BooleanNode => new JsonObject { ["type"] = "boolean" },
            DurationNode => new JsonObject { ["type"] = "string", ["pattern"] = SchemaText.DurationPattern },
            StatusCodeNode => new JsonObject
            {
                ["oneOf"] = new JsonArray(
                    new JsonObject { ["type"] = "integer", ["minimum"] = SchemaText.MinStatusCode, ["maximum"] = SchemaText.MaxStatusCode },
                    new JsonObject { ["type"] = "string", ["pattern"] = SchemaText.StatusRangePattern }),
            },
            ListNode list => SharedKeywords.List(list, Render(list.Items)),
            StringMapNode map => Map(map),
            _ => throw new ArgumentException($"no JSON Schema for {node.GetType().Name}", nameof(node)),
        };
        schema.Insert(0, "description", SchemaText.Describe(node));
        if (node.Default is not null)
        {
            schema["default"] = SchemaText.DefaultValue(node);
        }

        return schema;
    }

    private static JsonObject String(StringNode node)
    {
        var schema = new JsonObject { ["type"] = "string" };
        if (node.Enum is [var only])
        {
            schema["const"] = only;
        }
        else if (node.Enum is { } values)
        {
            schema["enum"] = new JsonArray([.. values.Select(value => JsonValue.Create(value))]);
        }

        return SharedKeywords.AddStringBounds(schema, node);
    }

    private static JsonObject Map(StringMapNode node)
    {
        var names = new JsonObject { ["pattern"] = node.KeyPattern };
        if (node.ForbiddenKeys.Count > 0)
        {
            names["not"] = new JsonObject { ["enum"] = new JsonArray([.. node.ForbiddenKeys.Select(key => JsonValue.Create(key))]) };
        }

        return new JsonObject { ["type"] = "object", ["propertyNames"] = names, ["additionalProperties"] = Render(node.Values) };
    }

    private static JsonObject Object(ObjectNode node)
    {
        var schema = SharedKeywords.Object(node, Render);

        schema["additionalProperties"] = false;
        foreach (var rule in node.Rules)
        {
            AddRule(schema, rule);
        }

        return schema;
    }

    private static void AddRule(JsonObject schema, ObjectRule rule)
    {
        switch (rule)
        {
            case ObjectRule.ExactlyOneField:
                schema["minProperties"] = 1;
                schema["maxProperties"] = 1;
                break;
            case ObjectRule.ServiceTypeDecidesSource:
                schema["if"] = new JsonObject
                {
                    ["anyOf"] = new JsonArray(
                        new JsonObject { ["required"] = new JsonArray("type"), ["properties"] = new JsonObject { ["type"] = new JsonObject { ["const"] = "ExternalName" } } },
                        new JsonObject { ["not"] = new JsonObject { ["required"] = new JsonArray("type") }, ["required"] = new JsonArray("externalName") }),
                };
                schema["then"] = new JsonObject { ["required"] = new JsonArray("externalName"), ["not"] = new JsonObject { ["required"] = new JsonArray("source") } };
                schema["else"] = new JsonObject { ["required"] = new JsonArray("source"), ["not"] = new JsonObject { ["required"] = new JsonArray("externalName") } };
                break;
            case ObjectRule.ClientCertificatePair:
                schema["dependentRequired"] = new JsonObject
                {
                    ["clientCertFile"] = new JsonArray("clientKeyFile"),
                    ["clientKeyFile"] = new JsonArray("clientCertFile"),
                };
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(rule), rule, null);
        }
    }
}
