using System.Text.Json.Nodes;

namespace ExternalEndpointSync.Tests.Schema;

/// <summary>
/// The ExternalService <c>status</c>, written by the worker through the status subresource
/// (design.md, ExternalService CRD); conditions have the shape of KEP-1623's metav1.Condition.
/// </summary>
internal static class CrdStatusSchema
{
    public static JsonObject Build() => Object(
        "What external-endpoint-sync last did with this object; written by it, never by users.",
        new JsonObject
        {
            ["observedGeneration"] = Integer("The metadata.generation this status describes.", int64: true),
            ["conditions"] = Conditions(),
            ["endpoints"] = Object(
                "How many endpoints the Service has.",
                new JsonObject
                {
                    ["ready"] = Integer("Endpoints published as ready."),
                    ["notReady"] = Integer("Endpoints published as not ready (failing health checks)."),
                    ["total"] = Integer("All endpoints published: ready plus notReady."),
                }),
            ["service"] = Text("The name of the Service published for this object (in its namespace)."),
            ["source"] = Text("A short summary of the source, such as \"dns orders-db.prod.example.com A+AAAA\"."),
            ["refusedAddresses"] = new JsonObject
            {
                ["description"] = "Addresses the source gave that were not published, because the cluster admin's address policy or Kubernetes refuses them.",
                ["type"] = "array",
                ["items"] = Object(
                    "One refused address.",
                    new JsonObject
                    {
                        ["address"] = Text("The address."),
                        ["reason"] = Text("Why it was refused, such as \"in the pod network 10.244.0.0/16\"."),
                    },
                    "address", "reason"),
            },
        });

    private static JsonObject Conditions() => new()
    {
        ["description"] = "Ready: everything is published. Resolved: the source answered. A spec error is Ready=False with reason InvalidSpec and the field's path in the message; a Service held by another owner or the config file is reason Conflict.",
        ["type"] = "array",
        ["x-kubernetes-list-type"] = "map",
        ["x-kubernetes-list-map-keys"] = new JsonArray("type"),
        ["items"] = Object(
            "One aspect of the object's state (metav1.Condition).",
            new JsonObject
            {
                ["type"] = new JsonObject
                {
                    ["description"] = "The condition's type in CamelCase, such as Ready or Resolved.",
                    ["type"] = "string",
                    ["maxLength"] = 316,
                    ["pattern"] = @"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$",
                },
                ["status"] = new JsonObject
                {
                    ["description"] = "True, False or Unknown.",
                    ["type"] = "string",
                    ["enum"] = new JsonArray("True", "False", "Unknown"),
                },
                ["observedGeneration"] = Integer("The metadata.generation the condition was set for.", int64: true),
                ["lastTransitionTime"] = new JsonObject
                {
                    ["description"] = "When the status last changed.",
                    ["type"] = "string",
                    ["format"] = "date-time",
                },
                ["reason"] = new JsonObject
                {
                    ["description"] = "Why, in CamelCase, such as Synced, InvalidSpec, Conflict, Refused or SourceFailed.",
                    ["type"] = "string",
                    ["minLength"] = 1,
                    ["maxLength"] = 1024,
                    ["pattern"] = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$",
                },
                ["message"] = new JsonObject
                {
                    ["description"] = "What happened, for people.",
                    ["type"] = "string",
                    ["maxLength"] = 32768,
                },
            },
            "type", "status", "lastTransitionTime", "reason", "message"),
    };

    private static JsonObject Object(string description, JsonObject properties, params string[] required)
    {
        var schema = new JsonObject { ["description"] = description, ["type"] = "object", ["properties"] = properties };
        if (required.Length > 0)
        {
            schema["required"] = new JsonArray([.. required.Select(name => JsonValue.Create(name))]);
        }

        return schema;
    }

    private static JsonObject Integer(string description, bool int64 = false)
    {
        var schema = new JsonObject { ["description"] = description, ["type"] = "integer" };
        if (int64)
        {
            schema["format"] = "int64";
        }

        schema["minimum"] = 0;
        return schema;
    }

    private static JsonObject Text(string description) => new() { ["description"] = description, ["type"] = "string" };
}
