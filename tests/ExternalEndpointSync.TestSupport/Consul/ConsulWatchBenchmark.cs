using System.Diagnostics;
using System.Globalization;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources.Consul;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExternalEndpointSync.TestSupport.Consul;

/// <summary>
/// Watches many services on the Consul double, changes each one, and measures how long a change
/// takes to become a notification, then how many requests the watchers make while nothing changes.
/// </summary>
public static class ConsulWatchBenchmark
{
    private const int Services = 500;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan DefaultWait = new ConsulSettings().Wait;

    public static async Task<string> RunAsync()
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var cancellationToken = patience.Token;
        await using var consul = await ConsulDouble.StartAsync();
        var names = Enumerable.Range(0, Services).Select(i => $"svc-{i:D3}").ToList();
        foreach (var name in names)
        {
            consul.Register(name, new ConsulDoubleInstance { Id = name + "-a", Address = "10.1.0.1", Port = 8080 });
        }

        var settings = new ConsulSettings { Address = ConsulAddress.Parse(consul.Address.AbsoluteUri), TokenEnvironmentVariable = "EES_BENCHMARK_NO_TOKEN", Wait = Wait };
        var options = new ConsulSourceOptions();
        using var client = ConsulClientFactory.Create(settings, options, _ => null);
        await using var source = new ConsulSource(settings, client, NullLogger<ConsulSource>.Instance, TimeProvider.System, options);
        var registrations = names.ToDictionary(name => name, name => new ExternalServiceSpec
        {
            Name = name,
            Ports = [new ServicePortSpec { Name = "http", Port = 80 }],
            Source = new ConsulSourceSpec { Service = name },
        });

        var startClock = Stopwatch.StartNew();
        foreach (var registration in registrations.Values)
        {
            source.StartWatching(registration);
        }

        for (var i = 0; i < Services; i++)
        {
            await source.Changes.ReadAsync(cancellationToken);
        }

        var firstAnswers = startClock.Elapsed;
        await WaitUntilAllHeldAsync(consul, names, cancellationToken);

        var latencies = new List<double>(Services);
        foreach (var name in names)
        {
            var clock = Stopwatch.StartNew();
            consul.Register(name, new ConsulDoubleInstance { Id = name + "-b", Address = "10.1.0.2", Port = 8080 });
            var key = registrations[name].Key;
            while (await source.Changes.ReadAsync(cancellationToken) != key)
            {
            }

            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }

        await WaitUntilAllHeldAsync(consul, names, cancellationToken);
        var before = consul.Requests.Count;
        await Task.Delay(IdleWindow, cancellationToken);
        var idleRequests = consul.Requests.Count - before;
        var perMinute = idleRequests * (TimeSpan.FromMinutes(1) / IdleWindow);
        var perMinuteAtDefault = perMinute * (Wait / DefaultWait);

        latencies.Sort();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"consul: {Services} watched services, first answers in {firstAnswers.TotalMilliseconds:0} ms; " +
            $"change-to-notification p50 {Percentile(latencies, 0.50):0.0} ms, p99 {Percentile(latencies, 0.99):0.0} ms, max {latencies[^1]:0.0} ms; " +
            $"idle {perMinute:0} requests/min with wait={Wait.TotalSeconds:0}s ({perMinuteAtDefault:0} requests/min at the default wait={DefaultWait.TotalMinutes:0}m)");
    }

    private static async Task WaitUntilAllHeldAsync(ConsulDouble consul, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        foreach (var name in names)
        {
            await consul.WaitUntilHeldAsync(name, consul.IndexOf(name), cancellationToken);
        }
    }

    private static double Percentile(List<double> sorted, double fraction) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(fraction * sorted.Count) - 1)];
}
