namespace ExternalEndpointSync.Tests.Schema;

/// <summary>config/schema.json and deploy/crd/externalservices.yaml are exactly what <see cref="ConfigSchemaModel"/> generates.</summary>
public sealed class GeneratedFilesTests
{
    public static TheoryData<string> Files() => new("config/schema.json", "deploy/crd/externalservices.yaml");

    [Theory]
    [MemberData(nameof(Files))]
    public async Task The_committed_file_is_the_generated_one(string file)
    {
        var (path, generated) = file.StartsWith("config/", StringComparison.Ordinal)
            ? (GeneratedSchemaFiles.ConfigSchemaPath, GeneratedSchemaFiles.ConfigSchemaText())
            : (GeneratedSchemaFiles.CrdPath, GeneratedSchemaFiles.CrdText());
        if (Environment.GetEnvironmentVariable(GeneratedSchemaFiles.RegenerateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, generated);
        }

        var committed = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";

        Assert.True(committed == generated,
            $"{file} is not what tests/ExternalEndpointSync.Tests/Schema/ConfigSchemaModel.cs generates; regenerate it with:\n  {GeneratedSchemaFiles.RegenerateCommand}");
    }
}
