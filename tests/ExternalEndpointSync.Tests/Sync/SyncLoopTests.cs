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

/// <summary>The long-running loop: full resyncs on the interval, and single services at once when they change or come due.</summary>
public sealed class SyncLoopTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private readonly TimerSignallingTimeProvider time = new();
    private readonly ScriptedSource source;
    private readonly Channel<ServiceKey> announcements = Channel.CreateUnbounded<ServiceKey>();
    private readonly Channel<SyncReport> reports = Channel.CreateUnbounded<SyncReport>();
    private readonly CancellationTokenSource stop = new();
    private FakeKubernetesApiServer api = null!;
    private IKubernetes client = null!;
    private Task loop = Task.CompletedTask;

    public SyncLoopTests()
    {
        source = new ScriptedSource { Clock = time };
    }

    public async Task InitializeAsync()
    {
        api = await FakeKubernetesApiServer.StartAsync();
        client = api.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        client.Dispose();
        await api.DisposeAsync();
        stop.Dispose();
    }

    [Fact]
    public async Task An_announced_change_resyncs_only_that_service_at_once()
    {
        source.Answer("alpha", "192.0.2.1");
        source.Answer("beta", "192.0.2.2");
        Start("alpha", "beta");
        Assert.Equal(2, (await NextReportAsync()).Services.Count);
        var before = time.GetUtcNow();

        source.Answer("alpha", "192.0.2.9");
        api.Writes.Reset();
        await announcements.Writer.WriteAsync(Key("alpha"));
        var report = await NextReportAsync();

        Assert.Equal([Key("alpha")], report.Services.Select(s => s.Key));
        Assert.Equal(1, api.Writes.Count("update", "endpointslices"));
        Assert.Equal(1, api.Writes.Total);
        Assert.Equal(before, time.GetUtcNow());
        Assert.Equal("192.0.2.9", Slice("alpha").Endpoints.Single().Addresses.Single());
    }

    [Fact]
    public async Task Everything_is_resynced_on_the_interval()
    {
        source.Answer("alpha", "192.0.2.1");
        source.Answer("beta", "192.0.2.2");
        Start("alpha", "beta");
        await NextReportAsync();

        source.Answer("beta", "192.0.2.8");
        Assert.Equal(Interval, await time.AdvancePastNextTimerAsync(CancellationToken.None));
        var report = await NextReportAsync();

        Assert.Equal(2, report.Services.Count);
        Assert.Equal("192.0.2.8", Slice("beta").Endpoints.Single().Addresses.Single());
    }

    [Fact]
    public async Task A_service_is_resynced_when_its_source_says_the_answer_is_due()
    {
        source.Answer("alpha", "192.0.2.1", refreshAfter: TimeSpan.FromSeconds(5));
        source.Answer("beta", "192.0.2.2");
        Start("alpha", "beta");
        await NextReportAsync();

        source.Answer("alpha", "192.0.2.7", refreshAfter: TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(5), await time.AdvancePastNextTimerAsync(CancellationToken.None));
        var report = await NextReportAsync();

        Assert.Equal([Key("alpha")], report.Services.Select(s => s.Key));
        Assert.Equal("192.0.2.7", Slice("alpha").Endpoints.Single().Addresses.Single());
    }

    [Fact]
    public async Task An_announcement_for_a_service_that_is_not_registered_is_ignored()
    {
        source.Answer("alpha", "192.0.2.1");
        Start("alpha");
        await NextReportAsync();
        api.Writes.Reset();

        await announcements.Writer.WriteAsync(Key("stranger"));
        await announcements.Writer.WriteAsync(Key("alpha"));
        var report = await NextReportAsync();

        Assert.Equal([Key("alpha")], report.Services.Select(s => s.Key));
        Assert.Equal(0, api.Writes.Total);
    }

    private void Start(params string[] names)
    {
        var pipeline = ResiliencePipeline.Empty;
        var engine = new SyncEngine(
            new ApiClusterStateSource(new ClusterStateReader(client, pipeline)),
            new DesiredStateCollector(new SourceRegistry([source]), new SourceHealthStage(), NullLogger<DesiredStateCollector>.Instance),
            new KubernetesChangeApplier(client, pipeline, "default", NullLogger<KubernetesChangeApplier>.Instance),
            NullLogger<SyncEngine>.Instance);
        var syncLoop = new SyncLoop(engine, [source], [new Notifier(announcements.Reader)], time, NullLogger<SyncLoop>.Instance);
        var config = new SyncConfig { Services = [.. names.Select(Spec)] };
        loop = syncLoop.RunAsync(config, new SyncOptions(), (report, ct) => reports.Writer.WriteAsync(report, ct).AsTask(), stop.Token);
    }

    private async Task<SyncReport> NextReportAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var report = await reports.Reader.ReadAsync(timeout.Token);
        Assert.All(report.Services, s => Assert.Empty(s.Errors));
        return report;
    }

    private V1EndpointSlice Slice(string service) =>
        Assert.Single(api.Store.List<V1EndpointSlice>("default"), s => s.Metadata.Labels[OwnershipLabels.ServiceNameKey] == service);

    private static ServiceKey Key(string name) => new("default", name);

    private static ExternalServiceSpec Spec(string name) => new()
    {
        Name = name,
        Ports = [new ServicePortSpec { Name = "http", Port = 80 }],
        Source = new StaticSourceSpec { Addresses = [] },
        ResyncInterval = Interval,
    };

    private sealed class Notifier(ChannelReader<ServiceKey> changes) : IServiceChangeNotifier
    {
        public ChannelReader<ServiceKey> Changes => changes;
    }

    /// <summary>A source whose answers the test sets, with a refresh time when asked.</summary>
    private sealed class ScriptedSource : IEndpointSource
    {
        private readonly Dictionary<string, (string Address, TimeSpan? RefreshAfter)> answers = [];

        public TimeProvider Clock { get; init; } = TimeProvider.System;

        public string Kind => "static";

        public void Answer(string service, string address, TimeSpan? refreshAfter = null)
        {
            lock (answers)
            {
                answers[service] = (address, refreshAfter);
            }
        }

        public Task<SourceResult> ResolveAsync(ExternalServiceSpec service, CancellationToken cancellationToken)
        {
            (string Address, TimeSpan? RefreshAfter) answer;
            lock (answers)
            {
                answer = answers[service.Name];
            }

            return Task.FromResult(SourceResult.Resolved([new ResolvedEndpoint { Address = answer.Address }]) with
            {
                RefreshAt = answer.RefreshAfter is { } after ? Clock.GetUtcNow() + after : null,
            });
        }

        public void Forget(ServiceKey service)
        {
        }
    }
}
