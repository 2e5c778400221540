using System.Diagnostics;

namespace ExternalEndpointSync.TestSupport.Servers;

/// <summary>What a process printed and how it exited.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

/// <summary>Runs a short command to completion (initdb, chown, dotnet publish) and waits for it, killing it after a timeout.</summary>
public static class ProcessRunner
{
    /// <summary>Runs in the temporary folder and fails with the command's output when it exits non-zero.</summary>
    public static async Task<string> RunAsync(IReadOnlyList<string> command, TimeSpan timeout)
    {
        var result = await RunAsync(command, Path.GetTempPath(), new Dictionary<string, string?>(), timeout);
        var output = result.Output + result.Error;
        return result.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"'{string.Join(' ', command)}' exited with {result.ExitCode}:\n{output}");
    }

    /// <summary>Runs in <paramref name="workingDirectory"/>; a null value in <paramref name="environment"/> removes that variable.</summary>
    public static async Task<ProcessResult> RunAsync(
        IReadOnlyList<string> command, string workingDirectory, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(environment);
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {command[0]}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{string.Join(' ', command)}' did not finish within {timeout}");
        }

        return new ProcessResult(process.ExitCode, await output, await error);
    }
}
