using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>The CustomResourceDefinition rules: its name, its storage version and a structural schema (junctors included).</summary>
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

    private static JsonObject WithSpec(JsonObject spec) => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject { ["spec"] = spec },
    };

    private static JsonObject SourceWith(JsonObject branch) => WithSpec(new JsonObject
    {
        ["type"] = "object",
        ["properties"] = new JsonObject { ["dns"] = new JsonObject { ["type"] = "string" }, ["static"] = new JsonObject { ["type"] = "string" } },
        ["oneOf"] = new JsonArray(new JsonObject { ["required"] = new JsonArray("dns") }, branch),
    });

    [Fact]
    public async Task A_one_of_of_required_lists_is_structural()
    {
        var (response, body) = await SendAsync(HttpMethod.Post, Path, Crd(schema: SourceWith(new JsonObject { ["required"] = new JsonArray("static") })).ToJsonString());

        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToJsonString());
    }

    [Theory]
    [InlineData("type", "\"string\"", "must be empty to be structural")]
    [InlineData("description", "\"static\"", "must be empty to be structural")]
    [InlineData("default", "{}", "must be undefined to be structural")]
    [InlineData("nullable", "true", "must be false to be structural")]
    [InlineData("additionalProperties", "{\"type\":\"string\"}", "must be undefined to be structural")]
    [InlineData("x-kubernetes-preserve-unknown-fields", "true", "must be false to be structural")]
    [InlineData("x-kubernetes-list-type", "\"set\"", "must be undefined to be structural")]
    [InlineData("x-kubernetes-validations", "[{\"rule\":\"true\"}]", "must be empty to be structural")]
    public async Task A_junctor_branch_carries_no_generic_keyword(string key, string value, string message)
    {
        var branch = new JsonObject { ["required"] = new JsonArray("static"), [key] = JsonNode.Parse(value) };

        var causes = await RefusedAsync(Crd(schema: SourceWith(branch)));

        ApiAssert.HasCause(causes, "FieldValueForbidden", $"spec.versions[0].schema.openAPIV3Schema.properties[spec].oneOf[1].{key}", message);
    }

    [Fact]
    public async Task A_nested_junctor_may_not_constrain_metadata()
    {
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { ["metadata"] = new JsonObject { ["type"] = "object" }, ["spec"] = new JsonObject { ["type"] = "object" } },
            ["not"] = new JsonObject { ["properties"] = new JsonObject { ["metadata"] = new JsonObject { ["required"] = new JsonArray("labels") } } },
        };

        var causes = await RefusedAsync(Crd(schema: schema));

        ApiAssert.HasCause(causes, "FieldValueForbidden", "spec.versions[0].schema.openAPIV3Schema.not.properties[metadata]", "must not be specified in a nested context");
    }

    [Fact]
    public async Task What_a_root_junctor_constrains_is_declared_outside_it()
    {
        var schema = WithSpec(new JsonObject { ["type"] = "object" });
        schema["anyOf"] = new JsonArray(new JsonObject { ["properties"] = new JsonObject { ["status"] = new JsonObject { ["minProperties"] = 1 } } });

        var causes = await RefusedAsync(Crd(schema: schema));

        ApiAssert.HasCause(causes, "FieldValueRequired", "spec.versions[0].schema.openAPIV3Schema.properties[status]",
            "because it is defined in spec.versions[0].schema.openAPIV3Schema.anyOf[0].properties[status]");
    }

    [Fact]
    public async Task The_int_or_string_any_of_pattern_may_name_types()
    {
        var schema = WithSpec(new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["port"] = new JsonObject
                {
                    ["x-kubernetes-int-or-string"] = true,
                    ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" }),
                },
            },
        });

        var (response, body) = await SendAsync(HttpMethod.Post, Path, Crd(schema: schema).ToJsonString());

        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToJsonString());
    }

    [Fact]
    public async Task Array_items_need_a_type()
    {
        var schema = WithSpec(new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["minLength"] = 1 } });

        var causes = await RefusedAsync(Crd(schema: schema));

        ApiAssert.HasCause(causes, "FieldValueRequired", "spec.versions[0].schema.openAPIV3Schema.properties[spec].items.type", "must not be empty for specified array items");
    }
}
