using System.Text.Json.Nodes;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>A test CustomResourceDefinition (widgets.test.example.io) whose schema uses every rule the fake checks.</summary>
internal static class CrdFixture
{
    public const string Collection = "/apis/test.example.io/v1/namespaces/default/widgets";

    public const string CrdCollection = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    public static string Crd(bool statusSubresource = true) => new JsonObject
    {
        ["apiVersion"] = "apiextensions.k8s.io/v1",
        ["kind"] = "CustomResourceDefinition",
        ["metadata"] = new JsonObject { ["name"] = "widgets.test.example.io" },
        ["spec"] = new JsonObject
        {
            ["group"] = "test.example.io",
            ["scope"] = "Namespaced",
            ["names"] = new JsonObject
            {
                ["plural"] = "widgets", ["singular"] = "widget", ["kind"] = "Widget",
                ["shortNames"] = new JsonArray("wd"), ["categories"] = new JsonArray("all"),
            },
            ["versions"] = new JsonArray(new JsonObject
            {
                ["name"] = "v1",
                ["served"] = true,
                ["storage"] = true,
                ["subresources"] = statusSubresource ? new JsonObject { ["status"] = new JsonObject() } : null,
                ["additionalPrinterColumns"] = new JsonArray(
                    new JsonObject { ["name"] = "Mode", ["type"] = "string", ["jsonPath"] = ".spec.mode" },
                    new JsonObject { ["name"] = "Ready", ["type"] = "string", ["jsonPath"] = ".status.conditions[?(@.type==\"Ready\")].status" },
                    new JsonObject { ["name"] = "Age", ["type"] = "date", ["jsonPath"] = ".metadata.creationTimestamp" }),
                ["schema"] = new JsonObject { ["openAPIV3Schema"] = Schema() },
            }),
        },
    }.ToJsonString();

    private static JsonObject Schema() => JsonNode.Parse("""
        {
          "type": "object",
          "required": ["spec"],
          "properties": {
            "spec": {
              "type": "object",
              "required": ["mode"],
              "properties": {
                "mode": { "type": "string", "enum": ["Fast", "Slow"] },
                "host": { "type": "string", "pattern": "^[a-z.]+$", "minLength": 3, "maxLength": 10 },
                "ratio": { "type": "number", "minimum": 0, "maximum": 1, "exclusiveMaximum": true },
                "count": { "type": "integer", "minimum": 1, "exclusiveMinimum": true, "maximum": 5 },
                "tags": { "type": "array", "minItems": 1, "maxItems": 2, "x-kubernetes-list-type": "set", "items": { "type": "string" } },
                "ports": {
                  "type": "array",
                  "x-kubernetes-list-type": "map",
                  "x-kubernetes-list-map-keys": ["port"],
                  "items": {
                    "type": "object",
                    "required": ["port"],
                    "properties": { "port": { "type": "integer", "maximum": 65535 }, "name": { "type": "string" } }
                  }
                },
                "target": { "x-kubernetes-int-or-string": true },
                "since": { "type": "string", "format": "date-time" },
                "note": { "type": "string", "nullable": true },
                "extra": { "type": "object", "x-kubernetes-preserve-unknown-fields": true },
                "labels": { "type": "object", "additionalProperties": { "type": "string" } },
                "endpoint": {
                  "type": "object",
                  "properties": { "host": { "type": "string" }, "ip": { "type": "string" } },
                  "oneOf": [{ "required": ["host"] }, { "required": ["ip"] }]
                },
                "route": {
                  "type": "object",
                  "properties": { "host": { "type": "string" }, "ip": { "type": "string" } },
                  "oneOf": [{ "required": ["ip"] }, { "properties": { "host": { "minLength": 3 } } }]
                },
                "contact": {
                  "type": "object",
                  "properties": { "mail": { "type": "string" }, "phone": { "type": "string" } },
                  "anyOf": [{ "required": ["mail"] }, { "required": ["phone"] }]
                },
                "code": { "type": "string", "allOf": [{ "minLength": 2 }, { "pattern": "^a" }] },
                "level": { "type": "integer", "not": { "enum": [13] } }
              }
            },
            "status": {
              "type": "object",
              "properties": {
                "phase": { "type": "string" },
                "conditions": { "type": "array", "items": { "type": "object", "properties": { "type": { "type": "string" }, "status": { "type": "string" } } } }
              }
            }
          }
        }
        """)!.AsObject();

    public static string Widget(string name, JsonObject spec, JsonObject? status = null, string? resourceVersion = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (resourceVersion is not null)
        {
            metadata["resourceVersion"] = resourceVersion;
        }

        return new JsonObject
        {
            ["apiVersion"] = "test.example.io/v1",
            ["kind"] = "Widget",
            ["metadata"] = metadata,
            ["spec"] = spec.DeepClone(),
            ["status"] = status?.DeepClone(),
        }.ToJsonString();
    }
}
