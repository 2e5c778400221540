using System.Globalization;
using System.Net;
using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Cluster.Watch;
using ExternalEndpointSync.Tests.EndToEnd;
using ExternalEndpointSync.TestSupport.Servers;
using ExternalEndpointSync.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Tests.Worker;

/// <summary>
/// One in-process <c>run</c>, as a replica of the Deployment: its own pod name (HOSTNAME), its own
/// probe port, its status readable, and stopped by cancelling it the way SIGTERM does.
/// </summary>
public sealed class WorkerReplica : IAsyncDisposable
{
    /// <summary>
    /// Short real durations (the elector runs on real time): lease 3 s, renew deadline 2 s, retry
    /// 200 ms; a shorter deadline makes leadership flap on a loaded machine.
    /// </summary>
    public static readonly string[] FastLease = ["--lease-duration", "3s", "--renew-deadline", "2s", "--retry-period", "200ms"];

    /// <summary>Watches the fake API server ends after 2–4 s, and quick retries, so that tests see the cache re-watch.</summary>
    public static readonly ResourceInformerOptions FastWatches = new()
    {
        MinWatchTimeout = TimeSpan.FromSeconds(2),
        BackoffBase = TimeSpan.FromMilliseconds(50),
        BackoffMax = TimeSpan.FromMilliseconds(500),
    };

    private readonly CancellationTokenSource stop = new();
    private readonly StringWriter output = new();
    private readonly StringWriter error = new();
    private readonly CollectedLogs logs = new();

    private WorkerReplica(string podName, int httpPort)
    {
        PodName = podName;
        HttpPort = httpPort;
    }

    public string PodName { get; }

    public int HttpPort { get; }

    public WorkerStatus Status { get; } = new();

    public Task<int> Exited { get; private set; } = Task.FromResult(0);

    /// <summary>What it printed and logged, for assertion messages.</summary>
    public string Logs => $"--- {PodName} stderr\n{error}\n--- {PodName} logs\n{logs}";

    /// <summary>Starts a replica; <paramref name="timings"/> replaces <see cref="FastLease"/>.</summary>
    public static WorkerReplica Start(string podName, string config, string kubeconfig, params string[] timings)
    {
        var replica = new WorkerReplica(podName, Ports.FreeOn(IPAddress.Loopback));
        var environment = new CliEnvironment
        {
            Output = TextWriter.Synchronized(replica.output),
            Error = TextWriter.Synchronized(replica.error),
            GetEnvironmentVariable = name => name == "HOSTNAME" ? podName : new CliRunSettings().Variable(name),
            LoggingOverride = builder => builder.AddProvider(replica.logs),
            LogLevel = LogLevel.Information,
            ConfigureServices = services =>
            {
                services.AddSingleton(CliRun.FastRetries);
                services.AddSingleton(replica.Status);
                services.AddSingleton(FastWatches);
            },
        };
        string[] args =
        [
            "run", "--config", config, "--kubeconfig", kubeconfig, "--lease-namespace", WorkerWorld.LeaseNamespace,
            "--http-port", replica.HttpPort.ToString(CultureInfo.InvariantCulture), .. timings.Length == 0 ? FastLease : timings,
        ];
        replica.Exited = Task.Run(() => new CliApp(environment).RunAsync(args, replica.stop.Token));
        return replica;
    }

    /// <summary>The SIGTERM path: Program cancels this same token on SIGTERM.</summary>
    public async Task<int> StopAsync()
    {
        await stop.CancelAsync();
        return await Exited.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task<HttpResponseMessage> GetAsync(string path)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return await client.GetAsync(new Uri($"http://127.0.0.1:{HttpPort}{path}"));
    }

    public async ValueTask DisposeAsync()
    {
        if (!Exited.IsCompleted)
        {
            await stop.CancelAsync();
            await Exited.WaitAsync(TimeSpan.FromSeconds(30));
        }

        stop.Dispose();
        await output.DisposeAsync();
        await error.DisposeAsync();
    }
}
