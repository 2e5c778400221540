using System.Text.Json.Nodes;

namespace ExternalEndpointSync.Tests.Schema;

/// <summary>
/// The two generated files, where they live in the repository and their exact text. Set
/// <see cref="RegenerateVariable"/> to 1 and run <see cref="GeneratedFilesTests"/> to write them.
/// </summary>
internal static class GeneratedSchemaFiles
{
    public const string RegenerateVariable = "EES_REGENERATE_SCHEMAS";

    public const string RegenerateCommand =
        $"{RegenerateVariable}=1 dotnet test tests/ExternalEndpointSync.Tests -c Release --filter FullyQualifiedName~Schema.GeneratedFilesTests";

    public static string ConfigSchemaPath => Path.Combine(RepositoryRoot, "config", "schema.json");

    public static string CrdPath => Path.Combine(RepositoryRoot, "deploy", "crd", "externalservices.yaml");

    public static string ConfigSchemaText() => ConfigSchemaDocument.Build().ToJsonString(JsonOptions.Indented) + "\n";

    public static string CrdText() =>
        "# Generated from tests/ExternalEndpointSync.Tests/Schema/ConfigSchemaModel.cs, like config/schema.json; do not edit.\n"
        + $"# Regenerate: {RegenerateCommand}\n"
        + YamlText.Write(CrdDocument.Build());

    /// <summary>The folder holding ExternalEndpointSync.sln, found from the test binaries upwards.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ExternalEndpointSync.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ExternalEndpointSync.sln above {AppContext.BaseDirectory}.");
    }

    public static JsonNode ParseJson(string text) => JsonNode.Parse(text) ?? throw new InvalidOperationException("empty JSON");
}
