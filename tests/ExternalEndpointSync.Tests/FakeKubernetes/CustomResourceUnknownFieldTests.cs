using System.Net;
using System.Text.Json.Nodes;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>
/// Unknown fields of custom resources: apiextensions' schema-coercing decoder reports the fields its
/// schema prunes (and unknown ObjectMeta fields) as strict decoding errors
/// (customresource_handler.go <c>schemaCoercingDecoder</c>, pruning <c>PruneWithOptions</c>), so
/// fieldValidation treats them as it does a built-in's: Strict refuses, Warn warns, Ignore is silent.
/// </summary>
public sealed class CustomResourceUnknownFieldTests : FakeApiTestBase
{
    private const string Collection = "/apis/externalendpoints.io/v1alpha1/namespaces/default/externalservices";

    private static readonly JsonObject Schema = JsonNode.Parse("""
        {"type":"object","properties":{
          "spec":{"type":"object","properties":{
            "ports":{"type":"array","items":{"type":"object","properties":{"port":{"type":"integer"}}}},
            "selector":{"type":"object","additionalProperties":{"type":"string"}},
            "extra":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}},
          "status":{"type":"object","properties":{"phase":{"type":"string"}}}}}
        """)!.AsObject();

    private const string WithUnknown = """
        {"apiVersion":"externalendpoints.io/v1alpha1","kind":"ExternalService","metadata":{"name":"orders"},
         "spec":{"ports":[{"port":5432,"bar":"x"}],"foo":1,"selector":{"any":"v"},"extra":{"free":true}}}
        """;

    private const string Known = """
        {"apiVersion":"externalendpoints.io/v1alpha1","kind":"ExternalService","metadata":{"name":"orders","labels":{"a":"b"}},
         "spec":{"ports":[{"port":5432}],"selector":{"any":"v"},"extra":{"free":true}}}
        """;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Server.AddCustomResource(new CustomResourceType
        {
            Group = "externalendpoints.io",
            Version = "v1alpha1",
            Plural = "externalservices",
            Kind = "ExternalService",
            Schema = Schema,
        });
    }

    private static IReadOnlyList<string> Warnings(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues("Warning", out var values) ? [.. values] : [];

    [Fact]
    public async Task Strict_refuses_every_pruned_field_sorted_with_the_decoders_message()
    {
        var (response, body) = await SendAsync(HttpMethod.Post, $"{Collection}?fieldValidation=Strict", WithUnknown);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadRequest", (string?)body["reason"]);
        Assert.Equal(
            "ExternalService in version \"v1alpha1\" cannot be handled as a ExternalService: strict decoding error: unknown field \"spec.foo\", unknown field \"spec.ports[0].bar\"",
            (string?)body["message"]);
        var (missing, _) = await SendAsync(HttpMethod.Get, $"{Collection}/orders");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Warn_prunes_with_one_warning_per_field()
    {
        var (response, body) = await SendAsync(HttpMethod.Post, Collection, WithUnknown);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["299 - \"unknown field \\\"spec.foo\\\"\"", "299 - \"unknown field \\\"spec.ports[0].bar\\\"\""], Warnings(response));
        Assert.Null(body["spec"]!["foo"]);
        Assert.Null(body["spec"]!["ports"]![0]!["bar"]);
        Assert.Equal("v", (string?)body["spec"]!["selector"]!["any"]);
        Assert.True((bool?)body["spec"]!["extra"]!["free"]);
    }

    [Fact]
    public async Task Ignore_prunes_silently()
    {
        var (response, body) = await SendAsync(HttpMethod.Post, $"{Collection}?fieldValidation=Ignore", WithUnknown);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Empty(Warnings(response));
        Assert.Null(body["spec"]!["foo"]);
    }

    [Fact]
    public async Task Declared_maps_and_preserved_fields_are_not_unknown()
    {
        var (response, _) = await SendAsync(HttpMethod.Post, $"{Collection}?fieldValidation=Strict", Known);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Empty(Warnings(response));
    }

    [Fact]
    public async Task Unknown_metadata_fields_come_first_in_key_order()
    {
        var body = JsonNode.Parse(WithUnknown)!.AsObject();
        body["metadata"]!["zeta"] = 1;
        body["metadata"]!["alpha"] = 2;

        var (response, status) = await SendAsync(HttpMethod.Post, $"{Collection}?fieldValidation=Strict", body.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.EndsWith(
            "strict decoding error: unknown field \"metadata.alpha\", unknown field \"metadata.zeta\", unknown field \"spec.foo\", unknown field \"spec.ports[0].bar\"",
            (string?)status["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_is_checked_too()
    {
        var (_, created) = await SendAsync(HttpMethod.Post, Collection, Known);
        var replacement = JsonNode.Parse(WithUnknown)!.AsObject();
        replacement["metadata"]!["resourceVersion"] = created["metadata"]!["resourceVersion"]!.DeepClone();

        var (strict, status) = await SendAsync(HttpMethod.Put, $"{Collection}/orders?fieldValidation=Strict", replacement.ToJsonString());
        var (warned, _) = await SendAsync(HttpMethod.Put, $"{Collection}/orders", replacement.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, strict.StatusCode);
        Assert.EndsWith("strict decoding error: unknown field \"spec.foo\", unknown field \"spec.ports[0].bar\"", (string?)status["message"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, warned.StatusCode);
        Assert.Contains("299 - \"unknown field \\\"spec.foo\\\"\"", Warnings(warned));
    }

    [Fact]
    public async Task A_strict_patch_with_an_unknown_field_is_422_on_patch()
    {
        await SendAsync(HttpMethod.Post, Collection, Known);

        var (response, status) = await SendAsync(HttpMethod.Patch, $"{Collection}/orders?fieldValidation=Strict", """{"spec":{"foo":1}}""", "application/merge-patch+json");
        var (warned, patched) = await SendAsync(HttpMethod.Patch, $"{Collection}/orders", """[{"op":"add","path":"/spec/ports/0/bar","value":"x"}]""", "application/json-patch+json");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("patch", (string?)status["details"]!["causes"]![0]!["field"]);
        Assert.EndsWith("strict decoding error: unknown field \"spec.foo\"", (string?)status["message"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, warned.StatusCode);
        Assert.Equal(["299 - \"unknown field \\\"spec.ports[0].bar\\\"\""], Warnings(warned));
        Assert.Null(patched["spec"]!["ports"]![0]!["bar"]);
    }

    [Fact]
    public async Task Status_writes_report_unknown_status_fields()
    {
        var (_, created) = await SendAsync(HttpMethod.Post, Collection, Known);
        created["status"] = new JsonObject { ["phase"] = "Ready", ["colour"] = "green" };

        var (strict, status) = await SendAsync(HttpMethod.Put, $"{Collection}/orders/status?fieldValidation=Strict", created.ToJsonString());
        var (patch, _) = await SendAsync(HttpMethod.Patch, $"{Collection}/orders/status?fieldValidation=Strict", """{"status":{"colour":"green"}}""", "application/merge-patch+json");
        var (warned, updated) = await SendAsync(HttpMethod.Put, $"{Collection}/orders/status", created.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, strict.StatusCode);
        Assert.EndsWith("strict decoding error: unknown field \"status.colour\"", (string?)status["message"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, patch.StatusCode);
        Assert.Equal(HttpStatusCode.OK, warned.StatusCode);
        Assert.Equal(["299 - \"unknown field \\\"status.colour\\\"\""], Warnings(warned));
        Assert.Equal("Ready", (string?)updated["status"]!["phase"]);
        Assert.Null(updated["status"]!["colour"]);
    }
}
