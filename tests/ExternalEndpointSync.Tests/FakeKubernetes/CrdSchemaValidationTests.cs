using System.Text.Json.Nodes;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>A served CRD's openAPIV3Schema: pruning and each rule, accepted and refused with apiextensions' paths and texts.</summary>
public sealed class CrdSchemaValidationTests : FakeApiTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var (response, _) = await SendAsync(HttpMethod.Post, CrdFixture.CrdCollection, CrdFixture.Crd());
        Assert.Equal(201, (int)response.StatusCode);
    }

    private async Task<(int Code, JsonObject Body)> CreateAsync(string specJson)
    {
        var (response, body) = await SendAsync(HttpMethod.Post, CrdFixture.Collection, CrdFixture.Widget("w", JsonNode.Parse(specJson)!.AsObject()));
        return ((int)response.StatusCode, body);
    }

    [Theory]
    [InlineData("""{"mode":"Fast"}""")]
    [InlineData("""{"mode":"Slow","host":"a.example","ratio":0.5,"count":5,"tags":["a","b"]}""")]
    [InlineData("""{"mode":"Fast","ports":[{"port":80},{"port":443,"name":"https"}],"target":8080}""")]
    [InlineData("""{"mode":"Fast","target":"http","since":"2026-01-02T03:04:05Z","note":null,"labels":{"a":"b"}}""")]
    [InlineData("""{"mode":"Fast","ratio":0,"count":2}""")]
    public async Task A_valid_object_is_accepted(string spec)
    {
        var (code, body) = await CreateAsync(spec);

        Assert.True(code == 201, body.ToJsonString());
    }

    [Theory]
    [InlineData("""{}""", "spec.mode: Required value")]
    [InlineData("""{"mode":"Medium"}""", "spec.mode: Unsupported value: \"Medium\": supported values: \"Fast\", \"Slow\"")]
    [InlineData("""{"mode":7}""", "spec.mode: Invalid value: 7: spec.mode in body must be of type string: \"integer\"")]
    [InlineData("""{"mode":"Fast","host":"A-B"}""", "spec.host: Invalid value: \"A-B\": spec.host in body should match '^[a-z.]+$'")]
    [InlineData("""{"mode":"Fast","host":"ab"}""", "spec.host: Invalid value: \"ab\": spec.host in body should be at least 3 chars long")]
    [InlineData("""{"mode":"Fast","host":"abcdefghijk"}""", "spec.host: Too long: may not be more than 10 bytes")]
    [InlineData("""{"mode":"Fast","ratio":1}""", "spec.ratio: Invalid value: 1: spec.ratio in body should be less than 1")]
    [InlineData("""{"mode":"Fast","ratio":-0.5}""", "spec.ratio: Invalid value: -0.5: spec.ratio in body should be greater than or equal to 0")]
    [InlineData("""{"mode":"Fast","count":1}""", "spec.count: Invalid value: 1: spec.count in body should be greater than 1")]
    [InlineData("""{"mode":"Fast","count":6}""", "spec.count: Invalid value: 6: spec.count in body should be less than or equal to 5")]
    [InlineData("""{"mode":"Fast","count":2.5}""", "spec.count: Invalid value: 2.5: spec.count in body must be of type integer: \"number\"")]
    [InlineData("""{"mode":"Fast","tags":[]}""", "spec.tags: Invalid value: []: spec.tags in body should have at least 1 items")]
    [InlineData("""{"mode":"Fast","tags":["a","b","c"]}""", "spec.tags: Too many: 3: must have at most 2 items")]
    [InlineData("""{"mode":"Fast","tags":["a","a"]}""", "spec.tags[1]: Duplicate value: \"a\"")]
    [InlineData("""{"mode":"Fast","ports":[{"port":80},{"port":80,"name":"x"}]}""", "spec.ports[1]: Duplicate value: map[string]interface {}{\"port\":80}")]
    [InlineData("""{"mode":"Fast","ports":[{"port":70000}]}""", "spec.ports[0].port: Invalid value: 70000: spec.ports[0].port in body should be less than or equal to 65535")]
    [InlineData("""{"mode":"Fast","ports":[{"name":"x"}]}""", "spec.ports[0].port: Required value")]
    [InlineData("""{"mode":"Fast","target":true}""", "spec.target: Invalid value: true: spec.target in body must be of type integer,string: \"boolean\"")]
    [InlineData("""{"mode":"Fast","since":"yesterday"}""", "spec.since: Invalid value: \"yesterday\": spec.since in body must be of type date-time: \"yesterday\"")]
    [InlineData("""{"mode":"Fast","host":null}""", "spec.host: Invalid value: null: spec.host in body must be of type string: \"null\"")]
    [InlineData("""{"mode":"Fast","labels":{"a":1}}""", "spec.labels.a: Invalid value: 1: spec.labels.a in body must be of type string: \"integer\"")]
    public async Task A_rule_broken_is_422_with_the_field_path(string spec, string error)
    {
        var (code, body) = await CreateAsync(spec);

        Assert.Equal(422, code);
        Assert.Equal("Invalid", (string?)body["reason"]);
        Assert.Equal($"Widget.test.example.io \"w\" is invalid: {error}", (string?)body["message"]);
    }

    [Fact]
    public async Task Every_broken_field_is_reported()
    {
        var (_, body) = await CreateAsync("""{"mode":"Medium","count":9,"ports":[{"port":70000}]}""");

        Assert.Equal(["spec.mode", "spec.count", "spec.ports[0].port"], ApiAssert.Causes(body).Select(c => c.Field));
    }

    [Fact]
    public async Task Unknown_fields_are_pruned_unless_preserved()
    {
        var (code, created) = await CreateAsync("""{"mode":"Fast","colour":"red","ports":[{"port":80,"weight":3}],"extra":{"anything":{"goes":1}}}""");

        Assert.Equal(201, code);
        Assert.Null(created["spec"]!["colour"]);
        Assert.Null(created["spec"]!["ports"]![0]!["weight"]);
        Assert.Equal(1, (int?)created["spec"]!["extra"]!["anything"]!["goes"]);
    }

    [Fact]
    public async Task A_status_write_is_pruned_and_validated()
    {
        var (_, created) = await CreateAsync("""{"mode":"Fast"}""");
        var status = new JsonObject { ["phase"] = "Ready", ["bogus"] = 1 };

        var (response, updated) = await SendAsync(HttpMethod.Put, $"{CrdFixture.Collection}/w/status",
            CrdFixture.Widget("w", new JsonObject { ["mode"] = "Fast" }, status, (string?)created["metadata"]!["resourceVersion"]));
        var (refused, _) = await SendAsync(HttpMethod.Put, $"{CrdFixture.Collection}/w/status",
            CrdFixture.Widget("w", new JsonObject { ["mode"] = "Fast" }, new JsonObject { ["phase"] = 3 }, (string?)updated["metadata"]!["resourceVersion"]));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("""{"phase":"Ready"}""", updated["status"]!.ToJsonString());
        Assert.Equal(422, (int)refused.StatusCode);
    }
}
