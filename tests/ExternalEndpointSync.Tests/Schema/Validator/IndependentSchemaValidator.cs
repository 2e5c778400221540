using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Nodes;

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
        var info = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ScriptPath);
        if (asExternalServices)
        {
            info.ArgumentList.Add("--external-services");
        }

        info.ArgumentList.Add(schemaPath);
        foreach (var file in files)
        {
            info.ArgumentList.Add(file);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("python3 did not start");
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException($"cannot run python3 ({exception.Message}): {InstallHint}", exception);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var cancel = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"validate_config.py did not finish within {Timeout}");
            }

            var (stdout, stderr) = (await output, await error);
            if (process.ExitCode != 0)
            {
                var hint = process.ExitCode == 4 ? $"\n{InstallHint}" : "";
                throw new InvalidOperationException($"validate_config.py exited {process.ExitCode}: {stderr.Trim()}{hint}");
            }

            var verdicts = JsonNode.Parse(stdout)?["files"]?.AsObject() ?? throw new InvalidOperationException($"validate_config.py printed no verdicts: {stdout}");
            return verdicts.ToDictionary(
                pair => pair.Key,
                pair => (IReadOnlyList<string>)[.. pair.Value!.AsArray().Select(message => message!.GetValue<string>())]);
        }
    }
}
