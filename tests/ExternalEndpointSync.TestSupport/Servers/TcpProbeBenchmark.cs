using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Health.Probes;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExternalEndpointSync.TestSupport.Servers;

/// <summary>
/// Not a test: one one-shot round of TCP probes through <see cref="ProbingHealthStage"/> against
/// 5,000 listeners on 127.0.0.1–127.0.0.50 (100 ports each), reporting probes per second, CPU
/// time and peak memory. The listeners never accept: the kernel completes the handshake, which is
/// all a TCP probe needs, so the benchmark costs one descriptor per target.
/// </summary>
public static class TcpProbeBenchmark
{
    public const int Targets = 5000;
    private const int Addresses = 50;
    private const int DescriptorsBeyondTargets = 1000;

    public static async Task<string> RunAsync()
    {
        var limit = OpenFileLimit();
        if (limit is { } soft && soft < Targets + DescriptorsBeyondTargets)
        {
            throw new InvalidOperationException($"the benchmark needs {Targets + DescriptorsBeyondTargets} file descriptors; the soft limit is {soft} (raise it with ulimit -n)");
        }

        var listeners = new List<Socket>(Targets);
        try
        {
            for (var i = 0; i < Targets; i++)
            {
                var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                listeners.Add(listener);
                listener.Bind(new IPEndPoint(IPAddress.Parse($"127.0.0.{(i % Addresses) + 1}"), 0));
                listener.Listen(8);
            }

            var endpoints = listeners
                .Select(static l => (IPEndPoint)l.LocalEndPoint!)
                .Select(static e => new ResolvedEndpoint { Address = e.Address.ToString(), Port = e.Port })
                .ToList();
            var options = new ProbingHealthOptions { Mode = ProbingMode.OneShot };
            await using var stage = new ProbingHealthStage(DefaultProbes.Create(TimeProvider.System), options, TimeProvider.System, NullLogger<ProbingHealthStage>.Instance);
            var service = new ExternalServiceSpec
            {
                Name = "benchmark",
                Ports = [new ServicePortSpec { Port = 1 }],
                HealthCheck = new HealthCheckSpec { Type = HealthCheckType.Tcp, Timeout = TimeSpan.FromSeconds(5) },
            };

            await stage.EvaluateAsync(service with { Name = "warm-up" }, endpoints.Take(options.MaxConcurrentProbes).ToList(), CancellationToken.None);
            GC.Collect();
            using var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();

            var outcome = await stage.EvaluateAsync(service, endpoints, CancellationToken.None);

            clock.Stop();
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            return string.Create(CultureInfo.InvariantCulture, $"""
                TCP probe benchmark: {Targets} targets on {Addresses} loopback addresses, one round, {options.MaxConcurrentProbes} probes in flight
                  healthy {outcome.Report.Healthy}, unhealthy {outcome.Report.Unhealthy}
                  wall {clock.Elapsed.TotalMilliseconds:0} ms, {Targets / clock.Elapsed.TotalSeconds:0} probes/s
                  CPU {cpu.TotalMilliseconds:0} ms ({cpu.TotalMilliseconds * 1000 / Targets:0} µs per probe)
                  allocated {allocated / 1024.0 / 1024.0:0.0} MiB, peak working set {process.PeakWorkingSet64 / 1024.0 / 1024.0:0} MiB
                """);
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Dispose();
            }
        }
    }

    private static long? OpenFileLimit()
    {
        const string path = "/proc/self/limits";
        if (!File.Exists(path))
        {
            return null;
        }

        var line = File.ReadLines(path).FirstOrDefault(static l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var fields = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: > 3 } && long.TryParse(fields[3], CultureInfo.InvariantCulture, out var soft) ? soft : null;
    }
}
