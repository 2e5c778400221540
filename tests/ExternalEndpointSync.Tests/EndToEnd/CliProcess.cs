using ExternalEndpointSync.TestSupport.Servers;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>
/// Runs the built command line as its own process, as a user does: its real environment
/// variables, its real console logging on standard error.
/// </summary>
public static class CliProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>Runs with the test process's environment minus KUBECONFIG and HOME, plus <paramref name="environment"/>.</summary>
    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        Dictionary<string, string?> variables = new() { ["KUBECONFIG"] = null, ["HOME"] = null };
        foreach (var (name, value) in environment)
        {
            variables[name] = value;
        }

        var run = await ProcessRunner.RunAsync([host, Path.Combine(AppContext.BaseDirectory, "ExternalEndpointSync.dll"), .. args], Path.GetTempPath(), variables, Timeout);
        return new CliRun(run.ExitCode, run.Output, run.Error);
    }
}
