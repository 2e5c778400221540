using System.Threading.Channels;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Kubernetes;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.Sync;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using ExternalEndpointSync.TestSupport.Time;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace ExternalEndpointSync.Tests.Sync;

/// <summary>A <see cref="SyncLoop"/> against the fake API server on a fake clock, with its reports in a channel.</summary>
public sealed class SyncLoopHarness : IAsyncDisposable
{
    private readonly Channel<SyncReport> reports = Channel.CreateUnbounded<SyncReport>();
    private readonly CancellationTokenSource stop = new();
    private Task loop = Task.CompletedTask;

    private SyncLoopHarness(FakeKubernetesApiServer api)
    {
        Api = api;
        Client = api.CreateClient();
    }

    public FakeKubernetesApiServer Api { get; }

    public IKubernetes Client { get; }

    public TimerSignallingTimeProvider Time { get; } = new();

    /// <summary>RBAC on: the loop writes as the service account of deploy/rbac.yaml.</summary>
    public static async Task<SyncLoopHarness> StartServerAsync() =>
        new(await FakeKubernetesApiServer.StartAsync(new FakeApiServerOptions { Rbac = RbacOptions.ForRepository() }));

    public void Start(IEndpointSource source, IHealthStage health, IServiceChangeNotifier notifier, params ExternalServiceSpec[] services)
    {
        var pipeline = ResiliencePipeline.Empty;
        var engine = new SyncEngine(
            new ApiClusterStateSource(new ClusterStateReader(Client, pipeline)),
            new DesiredStateCollector(new SourceRegistry([source]), health, NullLogger<DesiredStateCollector>.Instance),
            new KubernetesChangeApplier(Client, pipeline, "default", NullLogger<KubernetesChangeApplier>.Instance),
            NullLogger<SyncEngine>.Instance);
        var syncLoop = new SyncLoop(engine, [source], [notifier], Time, NullLogger<SyncLoop>.Instance);
        loop = syncLoop.RunAsync(
            new SyncConfig { Services = services },
            new SyncOptions(),
            (report, ct) => reports.Writer.WriteAsync(report, ct).AsTask(),
            stop.Token);
    }

    public async Task<SyncReport> NextReportAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var report = await reports.Reader.ReadAsync(timeout.Token);
        Assert.All(report.Services, s => Assert.Empty(s.Errors));
        return report;
    }

    public V1EndpointSlice Slice(string service) =>
        Assert.Single(Api.Store.List<V1EndpointSlice>("default"), s => s.Metadata.Labels[OwnershipLabels.ServiceNameKey] == service);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        Client.Dispose();
        await Api.DisposeAsync();
        stop.Dispose();
    }
}
