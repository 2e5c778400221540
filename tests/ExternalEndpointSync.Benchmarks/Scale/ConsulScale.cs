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
            api.Requests.Reset();
            await Task.Delay(IdleWindow, cancellationToken);
            var idleConsul = consul.Requests.Count - consulBefore;
            await Figure.WriteAsync(output, "idle: Consul requests/min", Figure.Invariant($"{idleConsul * (TimeSpan.FromMinutes(1) / IdleWindow):F0}"), "reported", "polling every 10 s would be 30,000/min");
            await Figure.WriteAsync(output, "idle: API requests", api.Requests.ToString(), "lease renewals only");

            var latencies = new List<double>(Changes);
            var cpuBefore = worker.Cpu();
            api.Requests.Reset();
            var writesBefore = 0;
            for (var change = 0; change < Changes; change++)
            {
                api.Writes.Reset();
                var name = names[change * 97 % Services];
                var started = Stopwatch.StartNew();
                consul.Register(name, new ConsulDoubleInstance { Id = name + "-b" + change, Address = Address(11, change), Port = 8080 });
                while (api.Writes.Count("update", "endpointslices") == 0 && started.Elapsed < TimeSpan.FromSeconds(30))
                {
                    await Task.Delay(1, cancellationToken);
                }

                latencies.Add(started.Elapsed.TotalMilliseconds);
                await Task.Delay(200, cancellationToken);
                writesBefore += api.Writes.Total;
            }

            var perChangeCpu = (worker.Cpu() - cpuBefore) / Changes;
            latencies.Sort();
            await Figure.WriteAsync(output, "change to slice update: p50 / p99", Figure.Invariant($"{Percentile(latencies, 0.5):F0} / {Percentile(latencies, 0.99):F0} ms (noisy)"), "p99 < 100 ms");
            await Figure.WriteAsync(output, "writes per change", Figure.Invariant($"{writesBefore / (double)Changes:F2}"), "1");
            await Figure.WriteAsync(output, "API requests per change", Figure.Invariant($"{api.Requests} over {Changes} changes"), "1 update, zero lists");
            await Figure.WriteAsync(output, "CPU per change", Figure.Millis(perChangeCpu), "< 5 ms");
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

    private static double Percentile(List<double> sorted, double fraction) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(fraction * sorted.Count) - 1)];
}
