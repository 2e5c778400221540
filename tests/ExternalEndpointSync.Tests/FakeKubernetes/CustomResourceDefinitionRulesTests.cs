using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>The CustomResourceDefinition rules: its name, its storage version and a structural schema.</summary>
public sealed class CustomResourceDefinitionRulesTests : FakeApiTestBase
{
    private const string Path = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    private static JsonObject Crd(string name = "widgets.example.com", bool secondStorage = false, JsonObject? schema = null)
    {
        JsonObject Version(string version, bool storage) => new()
        {
            ["name"] = version, ["served"] = true, ["storage"] = storage,
            ["schema"] = new JsonObject { ["openAPIV3Schema"] = schema?.DeepClone() ?? new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["spec"] = new JsonObject { ["type"] = "object" } } } },
        };

        return new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1", ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject
            {
                ["group"] = "example.com", ["scope"] = "Namespaced",
                ["names"] = new JsonObject { ["plural"] = "widgets", ["singular"] = "widget", ["kind"] = "Widget", ["shortNames"] = new JsonArray("wdg") },
                ["versions"] = new JsonArray(Version("v1", true), Version("v1beta1", secondStorage)),
            },
        };
    }

    private async Task<IReadOnlyList<(string Reason, string Field, string Message)>> RefusedAsync(JsonObject crd)
    {
        var (response, body) = await SendAsync(HttpMethod.Post, Path, crd.ToJsonString());
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, body.ToJsonString());
        return ApiAssert.Causes(body);
    }

    [Fact]
    public async Task A_valid_crd_is_created()
    {
        var (response, body) = await SendAsync(HttpMethod.Post, Path, Crd().ToJsonString());

        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToJsonString());
    }

    [Fact]
    public async Task Its_name_must_be_plural_dot_group()
    {
        ApiAssert.HasCause(await RefusedAsync(Crd(name: "widget.example.com")), "FieldValueInvalid", "metadata.name", "spec.names.plural+\".\"+spec.group");
    }

    [Fact]
    public async Task Exactly_one_version_is_stored()
    {
        ApiAssert.HasCause(await RefusedAsync(Crd(secondStorage: true)), "FieldValueInvalid", "spec.versions", "exactly one version marked as storage version");
    }

    [Fact]
    public async Task Every_schema_node_needs_a_type()
    {
        var schema = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["spec"] = new JsonObject { ["description"] = "untyped" } } };

        ApiAssert.HasCause(await RefusedAsync(Crd(schema: schema)), "FieldValueRequired", "spec.versions[0].schema.openAPIV3Schema.properties[spec].type");
    }

    [Fact]
    public async Task Int_or_string_needs_no_type()
    {
        var schema = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["port"] = new JsonObject { ["x-kubernetes-int-or-string"] = true } } };

        var (response, body) = await SendAsync(HttpMethod.Post, Path, Crd(schema: schema).ToJsonString());

        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToJsonString());
    }

    [Fact]
    public async Task Properties_and_additional_properties_exclude_each_other()
    {
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { ["spec"] = new JsonObject { ["type"] = "object" } },
            ["additionalProperties"] = new JsonObject { ["type"] = "string" },
        };

        ApiAssert.HasCause(await RefusedAsync(Crd(schema: schema)), "FieldValueForbidden", "spec.versions[0].schema.openAPIV3Schema.additionalProperties");
    }
}
