using System.Diagnostics;

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
        var info = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ExternalEndpointSync.dll"));
        foreach (var argument in args)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("KUBECONFIG");
        info.Environment.Remove("HOME");
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the command line");
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
            throw new TimeoutException($"the command line did not finish within {Timeout}: {string.Join(' ', args)}");
        }

        return new CliRun(process.ExitCode, await output, await error);
    }
}
