using System.Diagnostics;
using System.Globalization;
using System.Text;
using ExternalEndpointSync.TestSupport.Consul;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s.Models;

namespace ExternalEndpointSync.Benchmarks.Scale;

/// <summary>
/// 5,000 Consul services watched by <c>run</c> (its own process) through the Consul double: how
/// long a change in Consul takes to reach the fake API server as one EndpointSlice update, what
/// each change costs in API requests, and how many requests the watches make while idle.
/// </summary>
public static class ConsulScale
{
    public const int Services = 5000;
    private const int Changes = 40;
    private const string LeaseNamespace = "external-endpoint-sync";
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(20);

    public static async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var directory = Directory.CreateTempSubdirectory("scale-consul-").FullName;
        try
        {
            await using var consul = await ConsulDouble.StartAsync();
            await using var api = await FakeKubernetesApiServer.StartAsync(cancellationToken);
            api.Store.Seed(new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = LeaseNamespace } });
            var names = Enumerable.Range(0, Services).Select(static i => $"consul-{i:D4}").ToList();
            for (var i = 0; i < names.Count; i++)
            {
                consul.Register(names[i], new ConsulDoubleInstance { Id = names[i] + "-a", Address = Address(10, i), Port = 8080 });
            }

            var config = Path.Combine(directory, "consul.yaml");
            await File.WriteAllTextAsync(config, Render(consul.Address, names), cancellationToken);
            await using var worker = WorkerUnderTest.Start(directory, config, api.WriteKubeconfig(directory), LeaseNamespace);
            var clock = Stopwatch.StartNew();
            await worker.WaitReadyAsync(TimeSpan.FromMinutes(5), cancellationToken);
            while (api.Store.List<V1EndpointSlice>("default").Count < Services && clock.Elapsed < TimeSpan.FromMinutes(5))
            {
                await Task.Delay(250, cancellationToken);
            }

            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
            await output.WriteLineAsync(Figure.Invariant($"consul: run (its own process) watching {Services} Consul services on the Consul double (blocking queries, wait 5m); {api.Store.List<V1EndpointSlice>("default").Count} slices after {clock.Elapsed.TotalSeconds:F0} s, CPU {worker.Cpu().TotalSeconds:F1} s"));

            var consulBefore = consul.Requests.Count;
            var idleCpuBefore = worker.Cpu();
            api.Requests.Reset();
            await Task.Delay(IdleWindow, cancellationToken);
            var idleCpu = (worker.Cpu() - idleCpuBefore) / IdleWindow.TotalSeconds;
            var idleConsul = consul.Requests.Count - consulBefore;
            await Figure.WriteAsync(output, "idle: Consul requests/min", Figure.Invariant($"{idleConsul * (TimeSpan.FromMinutes(1) / IdleWindow):F0}"), "reported", "polling every 10 s would be 30,000/min");
            await Figure.WriteAsync(output, "idle: API requests", api.Requests.ToString(), "lease renewals only");
            await Figure.WriteAsync(output, "idle: CPU per second", Figure.Millis(idleCpu), "reported");

            var timelines = new List<ChangeTimeline>(Changes);
            ChangeTimeline? current = null;
            worker.LineLogged += line => Volatile.Read(ref current)?.Observe(line);
            var cpuBefore = worker.Cpu();
            var changesWindow = Stopwatch.StartNew();
            api.Requests.Reset();
            api.Writes.Reset();
            for (var change = 0; change < Changes; change++)
            {
                var name = names[change * 97 % Services];
                var slices = api.Writes.Count("update", "endpointslices");
                var timeline = new ChangeTimeline(name);
                Volatile.Write(ref current, timeline);
                consul.Register(name, new ConsulDoubleInstance { Id = name + "-b" + change, Address = Address(11, change), Port = 8080 });
                while (api.Writes.Count("update", "endpointslices") == slices && timeline.Elapsed < TimeSpan.FromSeconds(30))
                {
                    await Task.Delay(1, cancellationToken);
                }

                timeline.Written();
                timelines.Add(timeline);
                await Task.Delay(200, cancellationToken);
            }

            // The idle cost (lease renewals, the watch cache's and Consul's held requests) is paid over the window whatever changes.
            var perChangeCpu = (worker.Cpu() - cpuBefore - (idleCpu * changesWindow.Elapsed.TotalSeconds)) / Changes;
            var objectWrites = api.Writes.Total - api.Writes.Count("update", "leases");
            await WriteLatencyAsync(output, "change to slice update", timelines.Select(static t => t.WrittenMs), "p99 < 100 ms");
            await WriteLatencyAsync(output, "  of which Consul answer reached the watcher", timelines.Select(static t => t.HeardMs), "part of the above");
            await WriteLatencyAsync(output, "  of which watcher to re-plan started", timelines.Select(static t => t.ReplanningMs - t.HeardMs), "part of the above");
            await WriteLatencyAsync(output, "  of which re-plan to slice update", timelines.Select(static t => t.WrittenMs - t.ReplanningMs), "part of the above");
            await Figure.WriteAsync(output, "writes per change (leases not counted)", Figure.Invariant($"{objectWrites / (double)Changes:F2}"), "1");
            await Figure.WriteAsync(output, "API requests per change", Figure.Invariant($"{api.Requests} over {Changes} changes"), "1 update, zero lists");
            await Figure.WriteAsync(output, "CPU per change (idle CPU subtracted)", Figure.Millis(perChangeCpu), "< 5 ms");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Address(int first, int n) => string.Create(CultureInfo.InvariantCulture, $"{first}.1.{n / 250}.{(n % 250) + 1}");

    private static string Render(Uri consul, List<string> names)
    {
        var text = new StringBuilder($"apiVersion: externalendpoints.io/v1alpha1\nkind: SyncConfig\nconsul:\n  address: {consul.AbsoluteUri.TrimEnd('/')}\ndefaults:\n  namespace: default\nservices:\n");
        foreach (var name in names)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - name: {name}\n    ports: [ {{ name: http, port: 80 }} ]\n    source: {{ consul: {{ service: {name} }} }}\n");
        }

        return text.ToString();
    }

    private static Task WriteLatencyAsync(TextWriter output, string label, IEnumerable<double> milliseconds, string target)
    {
        var sorted = milliseconds.Order().ToList();
        return Figure.WriteAsync(output, label + ": p50 / p90 / p99", Figure.Invariant($"{Percentile(sorted, 0.5):F0} / {Percentile(sorted, 0.9):F0} / {Percentile(sorted, 0.99):F0} ms (noisy)"), target);
    }

    private static double Percentile(List<double> sorted, double fraction) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(fraction * sorted.Count) - 1)];

    /// <summary>
    /// When one change was registered in Consul, logged by the watcher ("changed to 2 endpoints"),
    /// logged by the loop as re-planned, and written; the log lines come through the worker's
    /// console logger and a pipe, so the stages are approximate and the first two lean late.
    /// </summary>
    private sealed class ChangeTimeline(string name)
    {
        private readonly long started = Stopwatch.GetTimestamp();
        private readonly string heard = $"Consul service {name} changed to 2 endpoints";
        private readonly string replanning = $"/{name}";
        private long heardAt;
        private long replanningAt;

        public TimeSpan Elapsed => Stopwatch.GetElapsedTime(started);

        public double HeardMs => Since(Volatile.Read(ref heardAt));

        public double ReplanningMs => Since(Volatile.Read(ref replanningAt));

        public double WrittenMs { get; private set; }

        public void Observe(string line)
        {
            if (line.Contains(heard, StringComparison.Ordinal))
            {
                Interlocked.CompareExchange(ref heardAt, Stopwatch.GetTimestamp(), 0);
            }
            else if (line.Contains("Re-syncing", StringComparison.Ordinal) && line.Contains(replanning, StringComparison.Ordinal))
            {
                Interlocked.CompareExchange(ref replanningAt, Stopwatch.GetTimestamp(), 0);
            }
        }

        public void Written() => WrittenMs = Elapsed.TotalMilliseconds;

        private double Since(long at) => at == 0 ? double.NaN : Stopwatch.GetElapsedTime(started, at).TotalMilliseconds;
    }
}
