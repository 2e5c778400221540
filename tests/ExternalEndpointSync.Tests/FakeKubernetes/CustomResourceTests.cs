using System.Text.Json.Nodes;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

public sealed class CustomResourceTests : FakeApiTestBase
{
    private const string Collection = "/apis/externalendpoints.io/v1alpha1/namespaces/default/externalservices";

    private void AddExternalServices() => Server.AddCustomResource(new CustomResourceType
    {
        Group = "externalendpoints.io",
        Version = "v1alpha1",
        Plural = "externalservices",
        Kind = "ExternalService",
        Validate = obj => obj["spec"]?["ports"] is JsonArray { Count: > 0 }
            ? []
            : [FieldError.Required("spec.ports")],
    });

    private static string Resource(string name, string? resourceVersion = null, int port = 5432, string? status = null) =>
        new JsonObject
        {
            ["apiVersion"] = "externalendpoints.io/v1alpha1",
            ["kind"] = "ExternalService",
            ["metadata"] = resourceVersion is null ? new JsonObject { ["name"] = name } : new JsonObject { ["name"] = name, ["resourceVersion"] = resourceVersion },
            ["spec"] = new JsonObject { ["ports"] = new JsonArray(new JsonObject { ["port"] = port }) },
            ["status"] = status is null ? null : new JsonObject { ["phase"] = status },
        }.ToJsonString();

    [Fact]
    public async Task Discovery_lists_the_custom_resource_and_its_status_subresource()
    {
        AddExternalServices();

        var (_, groups) = await SendAsync(HttpMethod.Get, "/apis");
        var (_, resources) = await SendAsync(HttpMethod.Get, "/apis/externalendpoints.io/v1alpha1");

        Assert.Contains(groups["groups"]!.AsArray(), g => (string?)g!["name"] == "externalendpoints.io");
        Assert.Equal(["externalservices", "externalservices/status"], resources["resources"]!.AsArray().Select(r => (string?)r!["name"]));
    }

    [Fact]
    public async Task Create_drops_status_and_sets_generation_1()
    {
        AddExternalServices();

        var (response, created) = await SendAsync(HttpMethod.Post, Collection, Resource("orders", status: "Ready"));

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Null(created["status"]);
        Assert.Equal(1, (int?)created["metadata"]!["generation"]);
    }

    [Fact]
    public async Task Declared_validation_answers_422()
    {
        AddExternalServices();
        var body = JsonNode.Parse(Resource("orders"))!.AsObject();
        body["spec"] = new JsonObject();

        var (response, status) = await SendAsync(HttpMethod.Post, Collection, body.ToJsonString());

        Assert.Equal(422, (int)response.StatusCode);
        Assert.Equal("ExternalService.externalendpoints.io \"orders\" is invalid: spec.ports: Required value", (string?)status["message"]);
    }

    [Fact]
    public async Task Main_update_ignores_status_and_bumps_generation_on_spec_change()
    {
        AddExternalServices();
        var (_, created) = await SendAsync(HttpMethod.Post, Collection, Resource("orders"));

        var (_, updated) = await SendAsync(HttpMethod.Put, $"{Collection}/orders", Resource("orders", (string?)created["metadata"]!["resourceVersion"], port: 6432, status: "Ready"));

        Assert.Null(updated["status"]);
        Assert.Equal(2, (int?)updated["metadata"]!["generation"]);
    }

    [Fact]
    public async Task Status_update_changes_only_status_and_never_generation()
    {
        AddExternalServices();
        var (_, created) = await SendAsync(HttpMethod.Post, Collection, Resource("orders"));

        var (response, updated) = await SendAsync(HttpMethod.Put, $"{Collection}/orders/status", Resource("orders", (string?)created["metadata"]!["resourceVersion"], port: 9999, status: "Ready"));
        var (_, patched) = await SendAsync(HttpMethod.Patch, $"{Collection}/orders/status", """{"status":{"phase":"Degraded"}}""", "application/merge-patch+json");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("Ready", (string?)updated["status"]!["phase"]);
        Assert.Equal(5432, (int?)updated["spec"]!["ports"]![0]!["port"]);
        Assert.Equal(1, (int?)updated["metadata"]!["generation"]);
        Assert.Equal("Degraded", (string?)patched["status"]!["phase"]);
        Assert.Equal(1, Server.Writes.Count("update", "externalservices/status"));
    }

    [Fact]
    public async Task Put_without_resource_version_is_422_and_put_to_missing_is_404()
    {
        AddExternalServices();
        await SendAsync(HttpMethod.Post, Collection, Resource("orders"));

        var (unconditional, status) = await SendAsync(HttpMethod.Put, $"{Collection}/orders", Resource("orders"));
        var (missing, _) = await SendAsync(HttpMethod.Put, $"{Collection}/nope", Resource("nope", "1"));

        Assert.Equal(422, (int)unconditional.StatusCode);
        Assert.Equal("externalservices", (string?)status["details"]!["kind"]);
        Assert.Equal(404, (int)missing.StatusCode);
    }

    [Fact]
    public async Task Strategic_merge_patch_is_415_for_custom_resources()
    {
        AddExternalServices();
        await SendAsync(HttpMethod.Post, Collection, Resource("orders"));

        var (response, _) = await SendAsync(HttpMethod.Patch, $"{Collection}/orders", """{"spec":{}}""", "application/strategic-merge-patch+json");

        Assert.Equal(415, (int)response.StatusCode);
    }

    [Fact]
    public async Task List_items_keep_kind_and_delete_answers_success()
    {
        AddExternalServices();
        await SendAsync(HttpMethod.Post, Collection, Resource("orders"));

        var (_, list) = await SendAsync(HttpMethod.Get, Collection);
        var (_, deleted) = await SendAsync(HttpMethod.Delete, $"{Collection}/orders");

        Assert.Equal("ExternalServiceList", (string?)list["kind"]);
        Assert.Equal("ExternalService", (string?)list["items"]![0]!["kind"]);
        Assert.Equal("Success", (string?)deleted["status"]);
    }
}
