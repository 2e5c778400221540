using System.Diagnostics;
using System.Text;
using ExternalEndpointSync.TestSupport.Servers;

namespace ExternalEndpointSync.Benchmarks.Scale;

/// <summary>One run of the real command line as its own process, and what it cost.</summary>
public sealed record CliMeasurement(int ExitCode, ChildProcessUsage Usage, long StdoutBytes, long StderrBytes, string StderrTail)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Runs <c>dotnet ExternalEndpointSync.dll ARGS</c>, published as the image ships it
    /// (<see cref="PublishedCli"/>), under <c>/usr/bin/time</c> (Debian's <c>time</c> package),
    /// so that CPU and peak RSS are the CLI's own, not this process's.
    /// </summary>
    public static async Task<CliMeasurement> RunAsync(string workDirectory, IReadOnlyList<string> args, CancellationToken cancellationToken) =>
        await RunProgramAsync(workDirectory, ["dotnet", await PublishedCli.PathAsync(), .. args], cancellationToken);

    /// <summary>Runs any program (<c>kubectl</c>) the same way, measured the same way.</summary>
    public static async Task<CliMeasurement> RunProgramAsync(string workDirectory, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var time = Executables.Require("time", "time");
        var usageFile = Path.Combine(workDirectory, $"usage-{Guid.NewGuid():N}.txt");
        var info = new ProcessStartInfo(time)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDirectory,
        };
        foreach (var argument in (string[])["-f", ChildProcessUsage.TimeFormat, "-o", usageFile, .. command])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("KUBECONFIG");
        info.Environment["HOME"] = workDirectory;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start /usr/bin/time");
        var stdout = CountAsync(process.StandardOutput.BaseStream, keepTail: false, cancellationToken);
        var stderr = CountAsync(process.StandardError.BaseStream, keepTail: true, cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        clock.Stop();
        var (outBytes, _) = await stdout;
        var (errBytes, errTail) = await stderr;
        var usageLine = (await File.ReadAllLinesAsync(usageFile, cancellationToken)).Last(static line => line.StartsWith("usage ", StringComparison.Ordinal));
        File.Delete(usageFile);
        return new CliMeasurement(process.ExitCode, ChildProcessUsage.Parse(usageLine, clock.Elapsed), outBytes, errBytes, errTail);
    }

    /// <summary>The CLI built beside this benchmark (the project references it), JIT only: the long-running worker's start-up is not measured.</summary>
    public static string CliPath => Path.Combine(AppContext.BaseDirectory, "ExternalEndpointSync.dll");

    private static async Task<(long Bytes, string Tail)> CountAsync(Stream stream, bool keepTail, CancellationToken cancellationToken)
    {
        const int TailBytes = 2048;
        var buffer = new byte[64 * 1024];
        var tail = new byte[TailBytes];
        var tailLength = 0;
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (keepTail)
            {
                var keep = Math.Min(read, TailBytes);
                var shift = Math.Min(tailLength, TailBytes - keep);
                Buffer.BlockCopy(tail, tailLength - shift, tail, 0, shift);
                Buffer.BlockCopy(buffer, read - keep, tail, shift, keep);
                tailLength = shift + keep;
            }
        }

        return (total, Encoding.UTF8.GetString(tail, 0, tailLength));
    }
}
