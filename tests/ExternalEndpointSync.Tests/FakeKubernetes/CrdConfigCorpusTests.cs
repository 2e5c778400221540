using System.Text.Json.Nodes;
using ExternalEndpointSync.Registrations.ConfigFile;
using ExternalEndpointSync.Registrations.Resources;
using ExternalEndpointSync.Tests.Schema;
using k8s;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>
/// deploy/crd/externalservices.yaml applied to the fake: every services[] entry of config/,
/// wrapped as an ExternalService, is accepted; broken entries are refused with their field paths,
/// or, where the schema cannot say it, the status gets the message <c>validate</c> gives.
/// </summary>
public sealed class CrdConfigCorpusTests : FakeApiTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var crd = ExternalServiceWrapping.Documents(GeneratedSchemaFiles.CrdPath).Single()!;
        var (response, body) = await SendAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd.ToJsonString());
        Assert.True((int)response.StatusCode == 201, body.ToJsonString());
    }

    private async Task<(int Code, JsonObject Body)> CreateAsync(string ns, JsonObject obj, string fieldValidation = "Warn")
    {
        if (ns != "default")
        {
            await SendAsync(HttpMethod.Post, "/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } }.ToJsonString());
        }

        // dryRun=All: the files reuse names, and validation is all that is asked.
        var (response, body) = await SendAsync(HttpMethod.Post, $"/apis/externalendpoints.io/v1alpha1/namespaces/{ns}/externalservices?dryRun=All&fieldValidation={fieldValidation}", obj.ToJsonString());
        return ((int)response.StatusCode, body);
    }

    [Fact]
    public async Task Every_service_in_config_is_accepted_as_an_external_service()
    {
        var wrapped = ConfigCorpus.ExampleFiles.SelectMany(ExternalServiceWrapping.Wrap).ToList();
        Assert.NotEmpty(wrapped);

        foreach (var (location, ns, obj) in wrapped)
        {
            var (code, body) = await CreateAsync(ns, obj);
            Assert.True(code == 201, $"{location}: {body["message"]}");
        }
    }

    [Theory]
    [InlineData("port-out-of-range", "spec.ports[0].port", "spec.ports[0].port: Invalid value: 70000: spec.ports[0].port in body should be less than or equal to 65535")]
    [InlineData("bad-service-type", "spec.type", "spec.type: Unsupported value: \"LoadBalancer\"")]
    [InlineData("bad-dns-record-type", "spec.source.dns.type", "spec.source.dns.type: Unsupported value: \"CNAME\"")]
    [InlineData("bad-ipv4", "spec.source.static.addresses[0]", "spec.source.static.addresses[0]: Invalid value: \"192.0.2.300\"")]
    [InlineData("empty-source", "<nil>", "<nil>: Invalid value: \"\": \"spec.source\" must validate one and only one schema (oneOf). Found none valid")]
    [InlineData("two-sources", "<nil>", "<nil>: Invalid value: \"\": \"spec.source\" must validate one and only one schema (oneOf). Found 2 valid alternatives")]
    public async Task A_broken_entry_is_refused_with_its_field_path(string name, string field, string message)
    {
        var (_, ns, obj) = ExternalServiceWrapping.Wrap(ConfigCorpus.BrokenFile(name)).Single();

        var (code, body) = await CreateAsync(ns, obj);

        Assert.Equal(422, code);
        Assert.Contains(field, ApiAssert.Causes(body).Select(c => c.Field));
        Assert.Contains(message, (string?)body["message"], StringComparison.Ordinal);
    }

    /// <summary>
    /// Every broken services[] entry (one per file in BrokenConfigs) is refused by the API server
    /// (schema: 422; strict field validation of an unknown key: 400), or accepted and then reported by the ExternalService parser, which the status shows, with the
    /// errors and messages validate gives for the file (services[0] read as spec).
    /// </summary>
    [Fact]
    public async Task A_broken_entry_the_schema_accepts_is_reported_as_validate_reports_it()
    {
        var judged = new List<string>();
        var refusedAsUnknown = new List<string>();
        foreach (var file in ConfigCorpus.BrokenFiles)
        {
            var fileErrors = (await ConfigLoader.LoadFileAsync(file, CancellationToken.None)).Errors
                .Where(error => error.Path.StartsWith("services[0].", StringComparison.Ordinal) && !MetadataPaths.Contains(error.Path))
                .Select(error => ("spec" + error.Path["services[0]".Length..], error.Message))
                .ToList();
            if (fileErrors.Count == 0 || ExternalServiceWrapping.Wrap(file) is not [var (_, ns, obj)])
            {
                continue;
            }

            // Strict, as kubectl sends it: an unknown key is refused rather than pruned.
            var (code, body) = await CreateAsync(ns, obj, "Strict");
            judged.Add(Path.GetFileName(file));
            if (code == 400)
            {
                Assert.Contains("strict decoding error: unknown field \"spec.", (string?)body["message"], StringComparison.Ordinal);
                refusedAsUnknown.Add(Path.GetFileNameWithoutExtension(file));
                continue;
            }

            if (code == 422)
            {
                continue;
            }

            Assert.True(code == 201, $"{file}: {body["message"]}");
            Assert.True(JsonNode.DeepEquals(obj["spec"], body["spec"]), $"{file}: the server changed the spec: {body["spec"]}");
            var resource = KubernetesJson.Deserialize<ExternalServiceObject>(body.ToJsonString());
            var reported = ExternalServiceSpecParser.Parse(resource, defaults: null).Errors.Select(error => (error.Path, error.Message));
            Assert.True(fileErrors.SequenceEqual(reported), $"{Path.GetFileName(file)}: validate says {string.Join("; ", fileErrors)}, the status {string.Join("; ", reported)}");
        }

        Assert.True(judged.Count >= 10, string.Join(", ", judged));
        Assert.Equal(["unknown-health-check-key", "unknown-service-key"], refusedAsUnknown.Order(StringComparer.Ordinal));
    }

    /// <summary>An ExternalService's name and namespace are its metadata, which the API server checks.</summary>
    private static readonly string[] MetadataPaths = ["services[0].name", "services[0].namespace"];
}
