using ExternalEndpointSync.Registrations.ConfigFile;

namespace ExternalEndpointSync.Cli;

/// <summary>Runs <c>validate</c>: every error with its path and line, exit 2 when there is any.</summary>
public sealed class ValidateCommandRunner(CliEnvironment environment)
{
    public async Task<int> RunAsync(string configPath, CancellationToken cancellationToken)
    {
        var loaded = await ConfigLoader.LoadFileAsync(configPath, cancellationToken);
        if (!await DiagnosticsWriter.WriteAsync(loaded, environment.Error))
        {
            return ExitCodes.Invalid;
        }

        var services = loaded.Config!.Services;
        await environment.Output.WriteLineAsync(
            $"{configPath}: valid ({services.Count} services, {loaded.Warnings.Count} warnings)");
        return ExitCodes.Success;
    }
}
