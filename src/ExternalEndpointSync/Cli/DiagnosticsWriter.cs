using ExternalEndpointSync.Registrations.ConfigFile;

namespace ExternalEndpointSync.Cli;

/// <summary>Prints a configuration's errors and warnings to standard error, and whether it may be used.</summary>
public static class DiagnosticsWriter
{
    /// <summary>Writes every diagnostic; true when the configuration is valid.</summary>
    public static async Task<bool> WriteAsync(ConfigLoadResult result, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(error);
        foreach (var line in ConfigDiagnosticFormatter.Format(result))
        {
            await error.WriteLineAsync(line);
        }

        if (!result.IsValid)
        {
            await error.WriteLineAsync($"{result.SourceName}: {result.ErrorCount} error(s); nothing was written");
        }

        return result.IsValid;
    }
}
