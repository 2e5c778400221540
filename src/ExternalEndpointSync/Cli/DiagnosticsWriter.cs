using ExternalEndpointSync.Configuration;

namespace ExternalEndpointSync.Cli;

/// <summary>Prints configuration errors and warnings the way compilers do: <c>file:line:column: path: message</c>.</summary>
public static class DiagnosticsWriter
{
    /// <summary>Writes every diagnostic; true when the configuration is valid.</summary>
    public static async Task<bool> WriteAsync(string file, ConfigLoadResult result, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(error);
        foreach (var warning in result.Warnings)
        {
            await error.WriteLineAsync($"{Location(file, warning)}: warning: {warning.Path}: {warning.Message}");
        }

        foreach (var problem in result.Errors)
        {
            await error.WriteLineAsync($"{Location(file, problem)}: error: {problem.Path}: {problem.Message}");
        }

        if (!result.IsValid)
        {
            await error.WriteLineAsync($"{file}: {result.Errors.Count} error(s); nothing was written");
        }

        return result.IsValid;
    }

    private static string Location(string file, ConfigDiagnostic diagnostic) =>
        diagnostic.Line > 0 ? $"{file}:{diagnostic.Line}:{diagnostic.Column}" : file;
}
