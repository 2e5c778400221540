using System.Text.Json.Nodes;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>
/// oneOf, anyOf, allOf and not in a served CRD's schema, with kube-openapi's texts: the composite
/// error has no field (apiextensions reports it on a nil path, printed "&lt;nil&gt;"), and a failed
/// oneOf or anyOf adds the errors of its best-matching branch.
/// </summary>
public sealed class CrdSchemaJunctorTests : FakeApiTestBase
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
    [InlineData("""{"mode":"Fast","endpoint":{"host":"a"}}""")]
    [InlineData("""{"mode":"Fast","endpoint":{"ip":"192.0.2.1"}}""")]
    [InlineData("""{"mode":"Fast","route":{"host":"abc"}}""")]
    [InlineData("""{"mode":"Fast","contact":{"mail":"a@example.com","phone":"1"}}""")]
    [InlineData("""{"mode":"Fast","code":"ab","level":12}""")]
    public async Task A_value_that_meets_its_junctors_is_accepted(string spec)
    {
        var (code, body) = await CreateAsync(spec);

        Assert.True(code == 201, body.ToJsonString());
    }

    [Theory]
    [InlineData("""{"mode":"Fast","endpoint":{}}""",
        "<nil>: Invalid value: \"\": \"spec.endpoint\" must validate one and only one schema (oneOf). Found none valid",
        "spec.endpoint.host: Required value")]
    [InlineData("""{"mode":"Fast","endpoint":{"host":"a","ip":"192.0.2.1"}}""",
        "<nil>: Invalid value: \"\": \"spec.endpoint\" must validate one and only one schema (oneOf). Found 2 valid alternatives")]
    [InlineData("""{"mode":"Fast","endpoint":"a"}""",
        "spec.endpoint: Invalid value: \"a\": spec.endpoint in body must be of type object: \"string\"",
        "<nil>: Invalid value: \"\": \"spec.endpoint\" must validate one and only one schema (oneOf). Found 2 valid alternatives")]
    [InlineData("""{"mode":"Fast","route":{"host":"a"}}""",
        "<nil>: Invalid value: \"\": \"spec.route\" must validate one and only one schema (oneOf). Found none valid",
        "spec.route.host: Invalid value: \"a\": spec.route.host in body should be at least 3 chars long")]
    [InlineData("""{"mode":"Fast","contact":{}}""",
        "<nil>: Invalid value: \"\": \"spec.contact\" must validate at least one schema (anyOf)",
        "spec.contact.mail: Required value")]
    [InlineData("""{"mode":"Fast","code":"b"}""",
        "spec.code: Invalid value: \"b\": spec.code in body should be at least 2 chars long",
        "spec.code: Invalid value: \"b\": spec.code in body should match '^a'",
        "<nil>: Invalid value: \"\": \"spec.code\" must validate all the schemas (allOf). None validated")]
    [InlineData("""{"mode":"Fast","code":"ba"}""",
        "spec.code: Invalid value: \"ba\": spec.code in body should match '^a'",
        "<nil>: Invalid value: \"\": \"spec.code\" must validate all the schemas (allOf)")]
    [InlineData("""{"mode":"Fast","level":13}""",
        "<nil>: Invalid value: \"\": \"spec.level\" must not validate the schema (not)")]
    public async Task A_junctor_broken_is_422_with_kube_openapi_texts(string spec, params string[] errors)
    {
        var (code, body) = await CreateAsync(spec);

        Assert.Equal(422, code);
        var listed = errors.Length == 1 ? errors[0] : $"[{string.Join(", ", errors)}]";
        Assert.Equal($"Widget.test.example.io \"w\" is invalid: {listed}", (string?)body["message"]);
    }

    [Fact]
    public async Task The_composite_error_is_a_cause_on_no_field()
    {
        var (_, body) = await CreateAsync("""{"mode":"Fast","endpoint":{}}""");

        Assert.Equal(
            [("FieldValueInvalid", "<nil>"), ("FieldValueRequired", "spec.endpoint.host")],
            ApiAssert.Causes(body).Select(cause => (cause.Reason, cause.Field)));
    }
}
