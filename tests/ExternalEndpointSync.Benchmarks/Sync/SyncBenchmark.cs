using System.Diagnostics;
using System.Globalization;
using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Reporting;
using ExternalEndpointSync.Sync;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using Microsoft.Extensions.DependencyInjection;

namespace ExternalEndpointSync.Benchmarks.Sync;

/// <summary>
/// The whole pipeline, wired as <c>sync --once</c> wires it, against the fake API server: 200
/// static services with 2,500 addresses in all. A first sync creates everything, a second must
/// write nothing, and changing one address must write exactly one EndpointSlice.
/// </summary>
public sealed class SyncBenchmark : IBenchmark
{
    private const int Services = 200;
    private const int Addresses = 2500;

    public string Name => "sync";

    public string Description => $"{Services} static services, {Addresses} addresses, through the fake API server: writes, time, CPU, memory, allocations";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var api = await FakeKubernetesApiServer.StartAsync(cancellationToken);
        using var client = api.CreateClient();
        var config = new SyncConfig { Services = CreateServices().ToValueList() };
        var options = new SyncOptions();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSyncPipeline(config, options).AddOneShotHealth().AddKubernetesApplier(client);
        await using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<SyncEngine>();

        var allocatedAtStart = GC.GetTotalAllocatedBytes(precise: true);
        var usage = ProcessUsage.Start();
        var (firstWrites, firstTime) = await MeasureAsync(api, () => engine.SyncOnceAsync(config.Services, options, cancellationToken));
        var (secondWrites, secondTime) = await MeasureAsync(api, () => engine.SyncOnceAsync(config.Services, options, cancellationToken));
        var changed = config.Services.ToList();
        var target = (StaticSourceSpec)changed[Services / 2].Source!;
        changed[Services / 2] = changed[Services / 2] with { Source = target with { Addresses = [.. target.Addresses.Skip(1).Prepend("203.0.113.77")] } };
        var (changeWrites, changeTime) = await MeasureAsync(api, () => engine.SyncOnceAsync(changed, options, cancellationToken));
        var cpu = usage.CpuTime();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedAtStart;

        await output.WriteLineAsync(Invariant($"sync: {Services} static services, {Addresses} addresses, {api.Store.List<k8s.Models.V1EndpointSlice>("default").Count} EndpointSlices, fake API server on 127.0.0.1"));
        await output.WriteLineAsync(Invariant($"first sync:  {firstWrites,5} writes in {firstTime.TotalMilliseconds,7:F0} ms"));
        await output.WriteLineAsync(Invariant($"second sync: {secondWrites,5} writes in {secondTime.TotalMilliseconds,7:F0} ms (must be 0)"));
        await output.WriteLineAsync(Invariant($"one address changed: {changeWrites} writes in {changeTime.TotalMilliseconds:F0} ms (must be 1)"));
        await output.WriteLineAsync(Invariant($"cpu time: {cpu.TotalMilliseconds:F0} ms over {usage.Elapsed.TotalMilliseconds:F0} ms wall (this process, fake API server included)"));
        await output.WriteLineAsync(Invariant($"peak working set: {ProcessUsage.PeakWorkingSetBytes() / (1024.0 * 1024.0):F1} MiB"));
        await output.WriteLineAsync(Invariant($"GC allocated: {allocated / (1024.0 * 1024.0):F1} MiB (fake API server included)"));
        if (secondWrites != 0 || changeWrites != 1)
        {
            throw new InvalidOperationException($"expected 0 writes on the second sync and 1 for one changed address, got {secondWrites} and {changeWrites}");
        }
    }

    /// <summary>Services of 12 or 13 addresses each from 198.18.0.0/15, which nothing here contacts.</summary>
    private static List<ExternalServiceSpec> CreateServices()
    {
        var services = new List<ExternalServiceSpec>(Services);
        var next = 0;
        for (var i = 0; i < Services; i++)
        {
            var count = (Addresses / Services) + (i < Addresses % Services ? 1 : 0);
            var addresses = Enumerable.Range(next, count).Select(static a => $"198.18.{a / 250}.{(a % 250) + 1}").ToList();
            next += count;
            services.Add(new ExternalServiceSpec
            {
                Name = $"svc-{i:D3}",
                Namespace = "default",
                Ports = [new ServicePortSpec { Name = "http", Port = 80 }],
                Source = new StaticSourceSpec { Addresses = addresses.ToValueList() },
            });
        }

        return services;
    }

    private static async Task<(int Writes, TimeSpan Time)> MeasureAsync(FakeKubernetesApiServer api, Func<Task<SyncReport>> sync)
    {
        api.Writes.Reset();
        var clock = Stopwatch.StartNew();
        var report = await sync();
        clock.Stop();
        if (report.Failed > 0)
        {
            throw new InvalidOperationException($"{report.Failed} services failed: {string.Join("; ", report.Services.SelectMany(static s => s.Errors))}");
        }

        return (api.Writes.Total, clock.Elapsed);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
