using System.Diagnostics;
using System.Globalization;
using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations.ConfigFile;
using ExternalEndpointSync.Sync;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace ExternalEndpointSync.Benchmarks.Cluster;

/// <summary>
/// Re-planning one changed service among 200, against the fake API server: reading the cluster by
/// listing every owned object (what <c>sync --once</c> does, and what the loop did before the watch
/// cache) against reading the watch cache — API calls and CPU per change — and how long the loop on
/// the cache takes to restore a slice someone deleted.
/// </summary>
public sealed class WatchCacheBenchmark : IBenchmark
{
    private const int Services = 200;
    private const int Changes = 50;
    private const int Repairs = 20;

    public string Name => "watch-cache";

    public string Description => $"{Services} services: API calls and CPU per one-service change, listing vs watch cache; drift-repair latency";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var api = await FakeKubernetesApiServer.StartAsync(cancellationToken);
        using var client = api.CreateClient();
        var specs = CreateServices();
        var options = new SyncOptions();

        await using var listing = Build(new SyncConfig { Services = specs.ToValueList() }, options, client, cached: false);
        await using var caching = Build(new SyncConfig { Services = specs.ToValueList() }, options, client, cached: true);
        var cache = caching.GetRequiredService<OwnedObjectCache>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watching = cache.RunAsync(stop.Token);
        try
        {
            await listing.GetRequiredService<SyncEngine>().SyncOnceAsync(specs, options, cancellationToken);
            await cache.WaitForSyncAsync(cancellationToken);
            await WaitAsync(() => cache.EndpointSlices.Snapshot().Count == Services && cache.PendingWrites == 0, cancellationToken);

            var listed = await ChangeAsync(api, listing.GetRequiredService<SyncEngine>(), specs, options, 0, cancellationToken);
            await WaitAsync(() => CaughtUp(api, cache), cancellationToken);
            var cached = await ChangeAsync(api, caching.GetRequiredService<SyncEngine>(), specs, options, Changes, cancellationToken);

            await output.WriteLineAsync(Invariant($"watch-cache: {Services} services with one slice each, {Changes} one-address changes per mode, fake API server on 127.0.0.1"));
            await output.WriteLineAsync(Invariant($"listing:     {listed.Calls / (double)Changes:F1} API calls per change ({listed.Lists / (double)Changes:F1} lists, {listed.Writes / (double)Changes:F1} writes), {listed.Cpu.TotalMilliseconds / Changes:F2} ms CPU per change"));
            await output.WriteLineAsync(Invariant($"watch cache: {cached.Calls / (double)Changes:F1} API calls per change ({cached.Lists / (double)Changes:F1} lists, {cached.Writes / (double)Changes:F1} writes), {cached.Cpu.TotalMilliseconds / Changes:F2} ms CPU per change"));
            var repairs = await RepairsAsync(api, caching, specs, options, cancellationToken);
            await output.WriteLineAsync(Invariant($"drift repair (slice deleted by someone else, loop on the cache): p50 {Percentile(repairs.Latencies, 0.5):F1} ms, max {repairs.Latencies.Max():F1} ms over {Repairs}; {repairs.Writes / (double)Repairs:F1} writes and {repairs.Lists} lists per repair in all"));
            await output.WriteLineAsync("CPU includes the in-process fake API server (serialising the lists is most of the listing's cost).");
            if (cached.Lists != 0 || cached.Writes != Changes || repairs.Writes != Repairs || repairs.Lists != 0)
            {
                throw new InvalidOperationException($"expected no lists and one write per change and per repair, got {cached.Lists} lists and {cached.Writes} writes for {Changes} changes, {repairs.Writes} writes and {repairs.Lists} lists for {Repairs} repairs");
            }
        }
        finally
        {
            await stop.CancelAsync();
            await watching;
        }
    }

    private static ServiceProvider Build(SyncConfig config, SyncOptions options, k8s.IKubernetes client, bool cached)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var pipeline = services.AddSyncPipeline(config, options).AddContinuousHealth().AddKubernetesApplier(client);
        if (cached)
        {
            pipeline.AddWatchCache();
        }

        return services.BuildServiceProvider();
    }

    /// <summary>Changes one address of a different service each time and re-plans only that service.</summary>
    private static async Task<(int Calls, int Lists, int Writes, TimeSpan Cpu)> ChangeAsync(
        FakeKubernetesApiServer api, SyncEngine engine, List<ExternalServiceSpec> specs, SyncOptions options, int offset, CancellationToken cancellationToken)
    {
        api.Requests.Reset();
        api.Writes.Reset();
        var usage = ProcessUsage.Start();
        for (var i = 0; i < Changes; i++)
        {
            var index = (offset + i) % Services;
            var source = (StaticSourceSpec)specs[index].Source!;
            specs[index] = specs[index] with { Source = source with { Addresses = [.. source.Addresses.Skip(1).Prepend(Invariant($"203.0.113.{(offset + i) % 250 + 1}"))] } };
            var report = await engine.SyncServicesAsync(specs, new HashSet<ServiceKey> { specs[index].Key }, options, cancellationToken);
            if (report.Failed > 0)
            {
                throw new InvalidOperationException(string.Join("; ", report.Services.SelectMany(static s => s.Errors)));
            }
        }

        return (api.Requests.Total, api.Requests.Lists, api.Writes.Total, usage.CpuTime());
    }

    private static async Task<(List<double> Latencies, int Writes, int Lists)> RepairsAsync(
        FakeKubernetesApiServer api, ServiceProvider caching, List<ExternalServiceSpec> specs, SyncOptions options, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var firstReport = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loop = caching.GetRequiredService<SyncLoop>().RunAsync(
            new FileRegistrationSource(new SyncConfig { Services = specs.ToValueList() }),
            options,
            (_, _) =>
            {
                firstReport.TrySetResult();
                return Task.CompletedTask;
            },
            stop.Token);
        var latencies = new List<double>();
        try
        {
            await firstReport.Task.WaitAsync(cancellationToken);
            var cache = caching.GetRequiredService<OwnedObjectCache>();
            await WaitAsync(() => cache.PendingWrites == 0, cancellationToken);
            api.Requests.Reset();
            api.Writes.Reset();
            for (var i = 0; i < Repairs; i++)
            {
                var service = specs[i * (Services / Repairs)].Name;
                var slice = api.Store.List<V1EndpointSlice>("default").Single(s => s.Metadata.Labels[OwnershipLabels.ServiceNameKey] == service);
                var clock = Stopwatch.StartNew();
                api.Store.Delete<V1EndpointSlice>("default", slice.Metadata.Name);
                await WaitAsync(() => api.Store.List<V1EndpointSlice>("default").Any(s => s.Metadata.Labels[OwnershipLabels.ServiceNameKey] == service), cancellationToken);
                latencies.Add(clock.Elapsed.TotalMilliseconds);
                await WaitAsync(() => cache.PendingWrites == 0, cancellationToken);
            }

            return (latencies, api.Writes.Total, api.Requests.Lists);
        }
        finally
        {
            await stop.CancelAsync();
            await loop;
        }
    }

    /// <summary>The cache holds every slice as the API server stores it (the listing writes are not told to it).</summary>
    private static bool CaughtUp(FakeKubernetesApiServer api, OwnedObjectCache cache)
    {
        var cached = cache.EndpointSlices.Snapshot().ToDictionary(static s => s.Metadata.Name, static s => s.Metadata.ResourceVersion);
        return api.Store.List<V1EndpointSlice>("default").All(s => cached.GetValueOrDefault(s.Metadata.Name) == s.Metadata.ResourceVersion);
    }

    private static List<ExternalServiceSpec> CreateServices() =>
    [
        .. Enumerable.Range(0, Services).Select(static i => new ExternalServiceSpec
        {
            Name = Invariant($"svc-{i:D3}"),
            Namespace = "default",
            Ports = [new ServicePortSpec { Name = "http", Port = 80 }],
            Source = new StaticSourceSpec { Addresses = [Invariant($"198.18.{i / 250}.{(i % 250) + 1}"), Invariant($"198.19.{i / 250}.{(i % 250) + 1}")] },
            ResyncInterval = TimeSpan.FromHours(1),
        }),
    ];

    private static async Task WaitAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        guard.CancelAfter(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            await Task.Delay(1, guard.Token);
        }
    }

    private static double Percentile(List<double> values, double fraction)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(fraction * sorted.Count))];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
