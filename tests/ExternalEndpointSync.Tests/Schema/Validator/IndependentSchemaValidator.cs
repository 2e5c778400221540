using System.ComponentModel;
using System.Text.Json.Nodes;
using ExternalEndpointSync.TestSupport.Servers;

namespace ExternalEndpointSync.Tests.Schema.Validator;

/// <summary>
/// Validates YAML files against config/schema.json with Debian's python3-jsonschema (draft 2020-12,
/// format checks on) through validate_config.py, so the schema is judged by a validator we did not
/// write. A missing python3 or module fails the test with what to install; it never skips.
/// </summary>
internal static class IndependentSchemaValidator
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private const string InstallHint =
        "install the Debian packages python3, python3-jsonschema and python3-yaml (tests/run-all.sh installs them when run as root)";

    public static string ScriptPath => Path.Combine(GeneratedSchemaFiles.RepositoryRoot, "tests", "ExternalEndpointSync.Tests", "Schema", "Validator", "validate_config.py");

    /// <summary>Each file's errors against config/schema.json ("/json/path: message"); an empty list means the file is valid.</summary>
    public static Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ValidateAsync(IReadOnlyCollection<string> files) =>
        ValidateAsync(GeneratedSchemaFiles.ConfigSchemaPath, files, asExternalServices: false);

    /// <param name="asExternalServices">Validate each services[] entry wrapped as an ExternalService instead of the file.</param>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ValidateAsync(string schemaPath, IReadOnlyCollection<string> files, bool asExternalServices)
    {
        List<string> command = ["python3", ScriptPath];
        if (asExternalServices)
        {
            command.Add("--external-services");
        }

        command.Add(schemaPath);
        command.AddRange(files);

        ProcessResult run;
        try
        {
            run = await ProcessRunner.RunAsync(command, Environment.CurrentDirectory, new Dictionary<string, string?>(), Timeout);
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException($"cannot run python3 ({exception.Message}): {InstallHint}", exception);
        }

        if (run.ExitCode != 0)
        {
            var hint = run.ExitCode == 4 ? $"\n{InstallHint}" : "";
            throw new InvalidOperationException($"validate_config.py exited {run.ExitCode}: {run.Error.Trim()}{hint}");
        }

        var verdicts = JsonNode.Parse(run.Output)?["files"]?.AsObject() ?? throw new InvalidOperationException($"validate_config.py printed no verdicts: {run.Output}");
        return verdicts.ToDictionary(
            pair => pair.Key,
            pair => (IReadOnlyList<string>)[.. pair.Value!.AsArray().Select(message => message!.GetValue<string>())]);
    }
}
