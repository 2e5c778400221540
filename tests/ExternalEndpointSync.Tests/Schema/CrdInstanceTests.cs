using ExternalEndpointSync.Tests.Schema.Validator;

namespace ExternalEndpointSync.Tests.Schema;

/// <summary>
/// Every services[] entry of config/, wrapped as an ExternalService (name and namespace as its
/// metadata, the rest as its spec), passes the CRD's openAPIV3Schema as python3-jsonschema reads
/// it: types, enums, patterns, bounds, required fields and the oneOf of source. The CEL rules
/// (x-kubernetes-validations) are not run here.
/// </summary>
public sealed class CrdInstanceTests : IDisposable
{
    private readonly string schemaPath = Path.Combine(Directory.CreateTempSubdirectory("ees-crd-").FullName, "openapiv3.json");

    public CrdInstanceTests() => File.WriteAllText(schemaPath, CrdDocument.OpenApiSchema().ToJsonString());

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(schemaPath)!, recursive: true);

    [Fact]
    public async Task Every_service_in_config_is_a_valid_external_service()
    {
        var verdicts = await IndependentSchemaValidator.ValidateAsync(schemaPath, ConfigCorpus.ExampleFiles, asExternalServices: true);

        Assert.All(verdicts, verdict => Assert.True(verdict.Value.Count == 0, $"{verdict.Key}:\n{string.Join('\n', verdict.Value)}"));
    }

    [Theory]
    [InlineData("bad-ipv4")]
    [InlineData("port-out-of-range")]
    [InlineData("bad-service-type")]
    [InlineData("bad-dns-record-type")]
    [InlineData("empty-source")]
    [InlineData("two-sources")]
    public async Task A_broken_service_entry_is_not_a_valid_external_service(string name)
    {
        var file = ConfigCorpus.BrokenFile(name);

        var verdicts = await IndependentSchemaValidator.ValidateAsync(schemaPath, [file], asExternalServices: true);

        Assert.NotEmpty(verdicts[file]);
    }
}
