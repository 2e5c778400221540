using System.Diagnostics.Metrics;
using System.Threading.Channels;
using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Cluster.Watch;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations;
using ExternalEndpointSync.Registrations.Policy;
using ExternalEndpointSync.Reporting;
using ExternalEndpointSync.Reporting.Metrics;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.Sync;
using ExternalEndpointSync.TestSupport.Consul;
using ExternalEndpointSync.Tests.Registrations.Policy;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using ExternalEndpointSync.TestSupport.Time;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace ExternalEndpointSync.Tests.Sync;

/// <summary>A <see cref="SyncLoop"/> against the fake API server on a fake clock, with its reports in a channel.</summary>
public sealed class SyncLoopHarness : IAsyncDisposable
{
    /// <summary>The loop's log entry of a finished orphan sweep.</summary>
    private const int SweptEventId = 223;

    private readonly Channel<SyncReport> reports = Channel.CreateUnbounded<SyncReport>();
    private readonly CancellationTokenSource stop = new();
    private readonly ServiceProvider meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private Task loop = Task.CompletedTask;
    private Task caching = Task.CompletedTask;

    private SyncLoopHarness(FakeKubernetesApiServer api)
    {
        Api = api;
        Metrics = new SyncMetrics(meters.GetRequiredService<IMeterFactory>(), Time);

        // The product's client as run builds it: every request counted in the metrics.
        Client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = api.BaseAddress.ToString().TrimEnd('/'), AccessToken = api.ProductToken }, new ApiRequestMetering(Metrics));
    }

    /// <summary>The loop's instruments, on a meter of this harness alone.</summary>
    public SyncMetrics Metrics { get; }

    public FakeKubernetesApiServer Api { get; }

    public IKubernetes Client { get; }

    public TimerSignallingTimeProvider Time { get; } = new();

    /// <summary>The loop's re-plan queue; the engine's collector feeds it too.</summary>
    public ReplanQueue Replans { get; private set; } = null!;

    /// <summary>Quartz instead of the tests' timer schedule, both on the fake clock.</summary>
    public bool QuartzResyncs { get; set; }

    /// <summary>The registrations the loop follows; <see cref="RegistrationSet.Replace"/> changes them.</summary>
    public RegistrationSet Registrations { get; private set; } = null!;

    /// <summary>
    /// Set by <see cref="UseWatchCache"/>: the engine reads it instead of listing, the applier tells
    /// it of its writes, and the loop hears its drift. It runs on real time (the API server ends its
    /// watches after a second or two).
    /// </summary>
    public OwnedObjectCache? Cache { get; private set; }

    /// <summary>What the loop and the engine logged, shown when a wait times out.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>RBAC on: the loop writes as the service account of the deploy/ worker overlay, with the crd overlay's rights on ExternalServices.</summary>
    public static async Task<SyncLoopHarness> StartServerAsync() =>
        new(await FakeKubernetesApiServer.StartAsync(new FakeApiServerOptions { Rbac = RbacOptions.ForRepositoryWithExternalServices() }));

    /// <summary>Before <see cref="Start(IEndpointSource, IHealthStage, IServiceChangeNotifier, ExternalServiceSpec[])"/>: sync from a watch cache, as <c>run</c> does.</summary>
    public OwnedObjectCache UseWatchCache() => Cache = new OwnedObjectCache(
        Client,
        "default",
        new ResourceInformerOptions { MinWatchTimeout = TimeSpan.FromSeconds(1), BackoffBase = TimeSpan.FromMilliseconds(20), BackoffMax = TimeSpan.FromMilliseconds(200) },
        TimeProvider.System,
        Metrics,
        NullLoggerFactory.Instance);

    /// <summary>The engine as the loop uses it: no retries of its own, so injected faults reach the loop.</summary>
    public SyncEngine CreateEngine(IEndpointSource source, IHealthStage health) => CreateEngine([source], health);

    private SyncEngine CreateEngine(IReadOnlyList<IEndpointSource> sources, IHealthStage health)
    {
        var pipeline = ResiliencePipeline.Empty;
        Replans ??= new ReplanQueue(Time, Metrics);
        return new SyncEngine(
            Cache ?? (IClusterStateSource)new ApiClusterStateSource(new ClusterStateReader(Client, pipeline, Metrics)),
            // ExternalServices of every namespace are admitted, so loop tests may use them as a second declarer.
            new RegistrationPolicy(new ExternalServicePolicy(), new FixedClusterFacts(ClusterFacts.None)),
            new DesiredStateCollector(new SourceRegistry(sources), health, Replans, Logs.CreateLogger<DesiredStateCollector>()),
            new KubernetesChangeApplier(Client, pipeline, "default", Metrics, NullLogger<KubernetesChangeApplier>.Instance, Cache),
            [],
            Logs.CreateLogger<SyncEngine>());
    }

    public void Start(IEndpointSource source, IHealthStage health, IServiceChangeNotifier notifier, params ExternalServiceSpec[] services) =>
        Start(source, health, notifier, new SyncOptions(), services);

    public void Start(IEndpointSource source, IHealthStage health, IServiceChangeNotifier notifier, SyncOptions options, params ExternalServiceSpec[] services) =>
        Start([source], health, notifier, options, services);

    public void Start(IReadOnlyList<IEndpointSource> sources, IHealthStage health, IServiceChangeNotifier notifier, SyncOptions options, params ExternalServiceSpec[] services)
    {
        var engine = CreateEngine(sources, health);
        Registrations = new RegistrationSet(services);
        IServiceChangeNotifier[] notifiers = Cache is null ? [notifier] : [notifier, new DriftNotifier(Cache)];
        caching = Cache?.RunAsync(stop.Token) ?? Task.CompletedTask;
        var syncLoop = new SyncLoop(engine, sources, notifiers, health, Replans, QuartzResyncs ? new QuartzResyncSchedule(Replans, Time) : new TimerResyncSchedule(Replans, Time), Time, Metrics, Logs.CreateLogger<SyncLoop>());
        loop = syncLoop.RunAsync(
            Registrations,
            options,
            (report, ct) => reports.Writer.WriteAsync(report, ct).AsTask(),
            stop.Token);
    }

    public async Task<SyncReport> NextReportAsync()
    {
        var report = await NextReportWithErrorsAsync();
        Assert.All(report.Services, s => Assert.Empty(s.Errors));
        return report;
    }

    public async Task<SyncReport> NextReportWithErrorsAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            return await reports.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no report within 30 s; the loop logged:\n{Logs.AllText()}");
        }
    }

    /// <summary>Waits until the loop has finished <paramref name="count"/> orphan sweeps since it started (a sweep that finds nothing reports nothing).</summary>
    public async Task SweptAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await Logs.WaitForAsync(SweptEventId, count, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"not {count} sweeps within 30 s; the loop logged:\n{Logs.AllText()}");
        }
    }

    /// <summary>Waits until the loop sleeps for less than <paramref name="atMost"/> (a retry, not the resync) and returns that delay.</summary>
    public async Task<TimeSpan> NextTimerShorterThanAsync(TimeSpan atMost)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (true)
            {
                var due = await Time.Timers.ReadAsync(timeout.Token);
                if (due < atMost)
                {
                    return due;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no timer under {atMost} within 30 s; the loop logged:\n{Logs.AllText()}");
        }
    }

    public V1EndpointSlice Slice(string service) =>
        Assert.Single(Api.Store.List<V1EndpointSlice>("default"), s => s.Metadata.Labels[OwnershipLabels.ServiceNameKey] == service);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        await caching;
        Client.Dispose();
        await Api.DisposeAsync();
        Replans?.Dispose();
        await meters.DisposeAsync();
        stop.Dispose();
    }

    public static ServiceKey Key(string name) => new("default", name);

    /// <summary>A static service with no addresses, re-synced every <paramref name="resyncInterval"/>.</summary>
    public static ExternalServiceSpec Spec(string name, TimeSpan resyncInterval) => new()
    {
        Name = name,
        Ports = [new ServicePortSpec { Name = "http", Port = 80 }],
        Source = new StaticSourceSpec { Addresses = [] },
        ResyncInterval = resyncInterval,
    };

    /// <summary>Announces whatever a test writes into <paramref name="changes"/>' channel.</summary>
    public sealed class Notifier(ChannelReader<ServiceKey> changes) : IServiceChangeNotifier
    {
        public ChannelReader<ServiceKey> Changes => changes;
    }
}
