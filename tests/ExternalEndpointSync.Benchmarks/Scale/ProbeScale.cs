using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Health.Probes;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.TestSupport.Servers;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExternalEndpointSync.Benchmarks.Scale;

/// <summary>
/// The health stage itself at 100,000 addresses probed by TCP every 10 s (10,000 probes/s):
/// <see cref="ProbingHealthStage"/> in continuous mode on the real clock, against distinct
/// loopback addresses 127.x.y.z and one listener on 0.0.0.0 (Linux answers for all of 127/8).
/// The listener accepts and closes in its own process (python3), so this process's CPU is the
/// stage's. Loopback cannot be published, so only the stage is measured, not a sync.
/// </summary>
public static class ProbeScale
{
    public const int Addresses = 100_000;
    public const int PerService = 10;
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(12);
    private static readonly TimeSpan Measured = TimeSpan.FromSeconds(30);

    private const string Listener = """
        import socket, sys
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", 0))
        s.listen(4096)
        print(s.getsockname()[1], flush=True)
        while True:
            c, _ = s.accept()
            c.close()
        """;

    public static async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var listener = StartListener(out var port);
        try
        {
            var completions = new ConcurrentDictionary<string, long>(concurrencyLevel: Environment.ProcessorCount, capacity: Addresses);
            var intervals = new ConcurrentBag<double>();
            long probes = 0;
            long failures = 0;
            var measuring = false;
            void Recorded(ProbeRound round)
            {
                var now = Stopwatch.GetTimestamp();
                if (!round.Result.Succeeded)
                {
                    Interlocked.Increment(ref failures);
                }

                if (Volatile.Read(ref measuring))
                {
                    Interlocked.Increment(ref probes);
                    if (completions.TryGetValue(round.Address, out var previous))
                    {
                        intervals.Add(Stopwatch.GetElapsedTime(previous, now).TotalSeconds);
                    }
                }

                completions[round.Address] = now;
            }

            var options = new ProbingHealthOptions { Mode = ProbingMode.Continuous };
            await using var stage = new ProbingHealthStage(DefaultProbes.Create(TimeProvider.System), options, TimeProvider.System, NullLogger<ProbingHealthStage>.Instance, Recorded);
            var health = new HealthCheckSpec { Type = HealthCheckType.Tcp, Interval = Interval, Timeout = TimeSpan.FromSeconds(2) };
            var started = Stopwatch.StartNew();
            for (var s = 0; s < Addresses / PerService; s++)
            {
                var spec = new ExternalServiceSpec { Name = $"probe-{s:D5}", Ports = [new ServicePortSpec { Port = port }], HealthCheck = health };
                var endpoints = Enumerable.Range(s * PerService, PerService).Select(n => new ResolvedEndpoint { Address = LoopbackAddress(n), Port = port }).ToList();
                await stage.EvaluateAsync(spec, endpoints, cancellationToken);
            }

            var registered = started.Elapsed;
            await Task.Delay(WarmUp, cancellationToken);
            GC.Collect();
            var usage = ProcessUsage.Start();
            failures = 0;
            Volatile.Write(ref measuring, true);
            await Task.Delay(Measured, cancellationToken);
            Volatile.Write(ref measuring, false);
            var cpu = usage.CpuTime();
            var wall = usage.Elapsed;

            var sorted = intervals.Order().ToArray();
            var low = Interval.TotalSeconds * 0.9;
            var high = Interval.TotalSeconds * 1.1;
            var within = sorted.Count(i => i >= low && i <= high) / (double)Math.Max(sorted.Length, 1);
            await output.WriteLineAsync(Figure.Invariant($"probes: {Addresses:N0} addresses on 127.x.y.z, one listener on 0.0.0.0:{port} (python3, its own process), TCP every {Interval.TotalSeconds:F0} s (first probes spread over 10 % of it), {options.MaxConcurrentProbes} in flight; {registered.TotalSeconds:F1} s to register, {WarmUp.TotalSeconds:F0} s warm-up, {Measured.TotalSeconds:F0} s measured; load average {LoadAverage()} on {Environment.ProcessorCount} cores"));
            await Figure.WriteAsync(output, "probes/s (measured window)", Figure.Invariant($"{probes / wall.TotalSeconds:N0}"), Figure.Invariant($"{Addresses / Interval.TotalSeconds:N0}"));
            await Figure.WriteAsync(output, "CPU of the stage (this process)", Figure.Invariant($"{cpu.TotalSeconds / wall.TotalSeconds:F2} cores ({cpu.TotalMilliseconds * 1000 / Math.Max(probes, 1):F0} µs/probe)"), "< 1 core");
            await Figure.WriteAsync(output, "probe-to-probe interval of an address", sorted.Length == 0 ? "none" : Figure.Invariant($"p1 {Percentile(sorted, 0.01):F2} s, p50 {Percentile(sorted, 0.5):F2} s, p99 {Percentile(sorted, 0.99):F2} s, max {sorted[^1]:F2} s"), Figure.Invariant($"within {low:F0}-{high:F0} s (±10 %)"));
            await Figure.WriteAsync(output, "intervals within ±10 %", Figure.Invariant($"{within:P1} of {sorted.Length:N0}"), "100 %");
            await Figure.WriteAsync(output, "failed probes", Figure.Invariant($"{failures:N0}"), "0");
            await Figure.WriteAsync(output, "peak working set", Figure.MiB(ProcessUsage.PeakWorkingSetBytes() / (1024.0 * 1024.0)), "-");
        }
        finally
        {
            listener.Kill();
        }
    }

    /// <summary>127.1.1.1 onwards, skipping 0 and 255 in each octet; every one of them answers on Linux's loopback.</summary>
    public static string LoopbackAddress(int n) => new IPAddress([127, (byte)(1 + (n / (250 * 250))), (byte)(1 + (n / 250 % 250)), (byte)(1 + (n % 250))]).ToString();

    /// <summary>The 1-minute load average: how starved of CPU the machine was while the schedule ran.</summary>
    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static double Percentile(double[] sorted, double fraction) => sorted[Math.Min(sorted.Length - 1, (int)(fraction * sorted.Length))];

    private static Process StartListener(out int port)
    {
        var info = new ProcessStartInfo(Executables.Require("python3", "python3")) { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Listener);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start python3");
        port = int.Parse(process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the listener printed no port"), System.Globalization.CultureInfo.InvariantCulture);
        return process;
    }
}
