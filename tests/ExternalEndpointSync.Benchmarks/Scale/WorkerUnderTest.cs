using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using ExternalEndpointSync.TestSupport.Servers;

namespace ExternalEndpointSync.Benchmarks.Scale;

/// <summary>
/// <c>run</c> as its own process, measured from outside: CPU from <c>/proc/PID/stat</c> (utime +
/// stime, in clock ticks of 10 ms), resident memory from <c>/proc/PID/status</c>.
/// </summary>
public sealed class WorkerUnderTest : IAsyncDisposable
{
    private const double TicksPerSecond = 100;
    private readonly Process process;
    private readonly StringBuilder errorTail = new();
    private long stderrBytes;

    private WorkerUnderTest(Process process, int httpPort)
    {
        this.process = process;
        HttpPort = httpPort;
    }

    public int HttpPort { get; }

    /// <summary>Each stderr line as it arrives, on the reading thread; for timing what the worker logs.</summary>
    public event Action<string>? LineLogged;

    public long StderrBytes => Interlocked.Read(ref stderrBytes);

    public string StderrTail
    {
        get
        {
            lock (errorTail)
            {
                return errorTail.ToString();
            }
        }
    }

    public static WorkerUnderTest Start(string directory, string config, string kubeconfig, string leaseNamespace)
    {
        var httpPort = Ports.FreeOn(IPAddress.Loopback);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        foreach (var argument in (string[])[CliMeasurement.CliPath, "run", "--config", config, "--kubeconfig", kubeconfig, "--lease-namespace", leaseNamespace, "--http-port", httpPort.ToString(CultureInfo.InvariantCulture), "--config-poll-interval", "1s"])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("KUBECONFIG");
        info.Environment.Remove("POD_NAMESPACE");
        info.Environment["HOME"] = directory;
        info.Environment["HOSTNAME"] = "scale-0";
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start run");
        var worker = new WorkerUnderTest(process, httpPort);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            Interlocked.Add(ref worker.stderrBytes, e.Data.Length + 1);
            worker.LineLogged?.Invoke(e.Data);
            lock (worker.errorTail)
            {
                worker.errorTail.AppendLine(e.Data);
                if (worker.errorTail.Length > 4096)
                {
                    worker.errorTail.Remove(0, worker.errorTail.Length - 4096);
                }
            }
        };
        process.OutputDataReceived += static (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return worker;
    }

    /// <summary>utime + stime so far.</summary>
    public TimeSpan Cpu()
    {
        if (process.HasExited)
        {
            throw new InvalidOperationException($"run exited with {process.ExitCode}:\n{StderrTail}");
        }

        var stat = File.ReadAllText($"/proc/{process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14 and 15 of stat(5), counted from the state field (3) after the command name.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>Resident set now and at its peak (VmRSS, VmHWM), in MiB.</summary>
    public (double Now, double Peak) RssMiB()
    {
        double now = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                now = KiB(line) / 1024.0;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = KiB(line) / 1024.0;
            }
        }

        return (now, peak);
    }

    public async Task WaitReadyAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"run exited with {process.ExitCode}:\n{StderrTail}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{HttpPort}/readyz"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Busy with its first sync.
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"run was not ready within {limit}:\n{StderrTail}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await UnixSignal.SendAsync(process.Id, UnixSignal.Terminate);
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.Dispose();
    }

    private static long KiB(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
