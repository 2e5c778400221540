using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Tests.EndToEnd;

namespace ExternalEndpointSync.Tests.Schema;

/// <summary>config/schema.json judged by an independent validator, against the examples and against what <c>validate</c> refuses.</summary>
public sealed class SchemaValidationTests
{
    public static TheoryData<string> ExampleFiles() => new(ConfigCorpus.ExampleFiles.Select(Path.GetFileName)!);

    public static TheoryData<string> BrokenCases() => new(ConfigCorpus.BrokenFiles.Select(Path.GetFileNameWithoutExtension)!);

    public static TheoryData<string> ParserOnlyCases() => new(SchemaParserDifferences.Cases.Keys);

    [Fact]
    public void The_corpora_are_not_empty()
    {
        Assert.True(ConfigCorpus.ExampleFiles.Count >= 4, string.Join(", ", ConfigCorpus.ExampleFiles));
        Assert.True(ConfigCorpus.BrokenFiles.Count >= 15, $"only {ConfigCorpus.BrokenFiles.Count} broken configs");
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public async Task Every_file_in_config_passes_the_schema(string name)
    {
        var file = Path.Combine(GeneratedSchemaFiles.RepositoryRoot, "config", name);

        var errors = await ConfigCorpus.SchemaErrorsAsync(file);

        Assert.True(errors.Count == 0, $"config/{name} fails config/schema.json:\n{string.Join('\n', errors)}");
    }

    [Theory]
    [MemberData(nameof(BrokenCases))]
    public async Task A_broken_config_is_rejected_by_the_schema_and_by_validate(string name)
    {
        var file = ConfigCorpus.BrokenFile(name);

        var schemaErrors = await ConfigCorpus.SchemaErrorsAsync(file);
        var validate = await CliRun.RunAsync("validate", "--config", file);

        Assert.True(schemaErrors.Count > 0, $"config/schema.json accepts {name}.yaml");
        Assert.True(validate.ExitCode == ExitCodes.Invalid, validate.ToString());
        Assert.Contains($"{file}:", validate.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ParserOnlyCases))]
    public async Task A_rule_only_the_parser_checks_passes_the_schema_and_fails_validate(string name)
    {
        var file = ConfigCorpus.ParserOnlyFile(name);

        var schemaErrors = await ConfigCorpus.SchemaErrorsAsync(file);
        var validate = await CliRun.RunAsync("validate", "--config", file);

        Assert.True(schemaErrors.Count == 0,
            $"config/schema.json now rejects {name}.yaml ({string.Join("; ", schemaErrors)}): move it to BrokenConfigs and out of SchemaParserDifferences");
        Assert.True(validate.ExitCode == ExitCodes.Invalid, validate.ToString());
    }

    public static TheoryData<string> SchemaOnlyCases() => new(SchemaParserDifferences.SchemaOnlyCases.Keys);

    [Theory]
    [MemberData(nameof(SchemaOnlyCases))]
    public async Task A_value_only_the_schema_refuses_fails_the_schema_and_passes_validate(string name)
    {
        var file = ConfigCorpus.SchemaOnlyFile(name);

        var schemaErrors = await ConfigCorpus.SchemaErrorsAsync(file);
        var validate = await CliRun.RunAsync("validate", "--config", file);

        Assert.True(schemaErrors.Count > 0, $"config/schema.json now accepts {name}.yaml: remove it from SchemaParserDifferences.SchemaOnlyCases");
        Assert.True(validate.ExitCode == ExitCodes.Success, validate.ToString());
    }

    [Fact]
    public void Every_schema_only_file_is_documented_and_every_documented_case_has_a_file()
    {
        var files = ConfigCorpus.SchemaOnlyFiles.Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);

        Assert.Equal(SchemaParserDifferences.SchemaOnlyCases.Keys.Order(StringComparer.Ordinal), files);
    }

    [Fact]
    public void Every_parser_only_file_is_documented_and_every_documented_case_has_a_file()
    {
        var files = ConfigCorpus.ParserOnlyFiles.Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);

        Assert.Equal(SchemaParserDifferences.Cases.Keys.Order(StringComparer.Ordinal), files);
    }
}
