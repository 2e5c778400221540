using ExternalEndpointSync.Tests.Schema.Validator;

namespace ExternalEndpointSync.Tests.Schema;

/// <summary>
/// The files the schema tests judge: config/*.yaml (all valid), BrokenConfigs (rejected by both the
/// schema and <c>validate</c>), ParserOnlyConfigs (accepted by the schema, rejected by <c>validate</c>)
/// and SchemaOnlyConfigs (rejected by the schema, accepted by <c>validate</c>).
/// The schema verdicts of all of them come from one run of the independent validator.
/// </summary>
internal static class ConfigCorpus
{
    private static readonly Lazy<Task<IReadOnlyDictionary<string, IReadOnlyList<string>>>> Verdicts =
        new(() => IndependentSchemaValidator.ValidateAsync([.. ExampleFiles, .. BrokenFiles, .. ParserOnlyFiles, .. SchemaOnlyFiles]));

    public static string SchemaFolder => Path.Combine(GeneratedSchemaFiles.RepositoryRoot, "tests", "ExternalEndpointSync.Tests", "Schema");

    public static IReadOnlyList<string> ExampleFiles => Yaml(Path.Combine(GeneratedSchemaFiles.RepositoryRoot, "config"));

    public static IReadOnlyList<string> BrokenFiles => Yaml(Path.Combine(SchemaFolder, "BrokenConfigs"));

    public static IReadOnlyList<string> ParserOnlyFiles => Yaml(Path.Combine(SchemaFolder, "ParserOnlyConfigs"));

    public static IReadOnlyList<string> SchemaOnlyFiles => Yaml(Path.Combine(SchemaFolder, "SchemaOnlyConfigs"));

    public static string SchemaOnlyFile(string name) => Path.Combine(SchemaFolder, "SchemaOnlyConfigs", name + ".yaml");

    public static string BrokenFile(string name) => Path.Combine(SchemaFolder, "BrokenConfigs", name + ".yaml");

    public static string ParserOnlyFile(string name) => Path.Combine(SchemaFolder, "ParserOnlyConfigs", name + ".yaml");

    public static async Task<IReadOnlyList<string>> SchemaErrorsAsync(string file) => (await Verdicts.Value)[file];

    private static IReadOnlyList<string> Yaml(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal)];
}
