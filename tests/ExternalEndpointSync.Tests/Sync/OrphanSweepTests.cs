using System.Threading.Channels;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Reporting;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.Sync;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Tests.Sync;

/// <summary>
/// The orphan sweep: at the shortest resyncInterval of the registrations (30 s without any), what
/// this owner has in the cluster and no registration claims is deleted under the sync policy, once
/// per object; what another owner wrote, or nobody's, is never touched.
/// </summary>
public sealed class OrphanSweepTests : IAsyncLifetime
{
    /// <summary>The loop's log entry of a sweep that could not list what it owns.</summary>
    private const int SweepFailedEventId = 224;

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private static readonly ServiceKey Ghost = SyncLoopHarness.Key("ghost");
    private readonly Channel<ServiceKey> announcements = Channel.CreateUnbounded<ServiceKey>();
    private SyncLoopHarness harness = null!;

    public async Task InitializeAsync() => harness = await SyncLoopHarness.StartServerAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_orphan_left_after_startup_is_deleted_at_the_next_sweep_with_one_delete_per_object_and_another_owners_objects_are_untouched(bool quartz)
    {
        harness.QuartzResyncs = quartz;
        Start(new SyncOptions(), Spec("alpha", Interval));
        await harness.NextReportAsync();
        // Another replica's older configuration still registered ghost; another owner has stranger.
        await LeaveAsync("ghost", SyncConfig.DefaultOwnerId);
        await LeaveAsync("stranger", "other");
        var ghost = Owned(SyncConfig.DefaultOwnerId, "ghost");
        var stranger = Owned("other", "stranger");
        harness.Api.Writes.Reset();

        harness.Time.Fake.Advance(Interval);
        await harness.SweptAsync(1);

        var removed = Assert.Single((await ReportOfAsync(Ghost)).Services);
        Assert.Equal(ServiceStatus.Removed, removed.Status);
        Assert.Equal(1, ghost.Count(o => o.Resource == "services"));
        foreach (var resource in new[] { "services", "endpointslices", "endpoints" })
        {
            Assert.Equal(ghost.Count(o => o.Resource == resource), harness.Api.Writes.Count("delete", resource));
        }

        Assert.Equal(ghost.Count, harness.Api.Writes.Total);
        Assert.Empty(Owned(SyncConfig.DefaultOwnerId, "ghost"));
        Assert.Equal(stranger, Owned("other", "stranger"));

        // The next sweep finds nothing left over and writes nothing.
        harness.Time.Fake.Advance(Interval);
        await harness.SweptAsync(2);
        Assert.Equal(ghost.Count, harness.Api.Writes.Total);
        Assert.Equal(stranger, Owned("other", "stranger"));
    }

    [Fact]
    public async Task A_sweep_without_orphans_writes_nothing_and_leaves_objects_of_other_owners_and_of_nobody_alone()
    {
        harness.QuartzResyncs = true;
        Start(new SyncOptions(), Spec("alpha", Interval));
        await harness.NextReportAsync();
        await LeaveAsync("stranger", "other");
        harness.Api.Store.Seed(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "plain", NamespaceProperty = "default" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] },
        });
        var stranger = Owned("other", "stranger");
        var plain = harness.Api.Store.Get<V1Service>("default", "plain")!.Metadata.ResourceVersion;
        harness.Api.Writes.Reset();

        harness.Time.Fake.Advance(Interval);
        await harness.SweptAsync(1);

        Assert.Equal(0, harness.Api.Writes.Total);
        Assert.Equal(stranger, Owned("other", "stranger"));
        Assert.Equal(plain, harness.Api.Store.Get<V1Service>("default", "plain")!.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task An_orphan_whose_delete_fails_is_retried_with_backoff_before_the_next_sweep()
    {
        Start(new SyncOptions(), Spec("alpha", Interval));
        await harness.NextReportAsync();
        await LeaveAsync("ghost", SyncConfig.DefaultOwnerId);
        var ghost = Owned(SyncConfig.DefaultOwnerId, "ghost");
        harness.Api.Writes.Reset();
        harness.Api.Faults.Enqueue(new Fault { Verb = "delete", Resource = "services", StatusCode = 500, Times = 1 });

        harness.Time.Fake.Advance(Interval);
        var failed = await ReportOfAsync(Ghost);
        harness.Time.Fake.Advance(await harness.NextTimerShorterThanAsync(Interval));
        var retried = await ReportOfAsync(Ghost);

        Assert.Equal(ServiceStatus.Failed, Assert.Single(failed.Services).Status);
        Assert.Equal(ServiceStatus.Removed, Assert.Single(retried.Services).Status);
        Assert.Empty(Owned(SyncConfig.DefaultOwnerId, "ghost"));
        Assert.Equal(ghost.Count, harness.Api.Writes.Deletes);
        Assert.Equal(0, harness.Replans.Count);
    }

    [Theory]
    [InlineData(SyncPolicy.Sync, true)]
    [InlineData(SyncPolicy.UpsertOnly, false)]
    [InlineData(SyncPolicy.CreateOnly, false)]
    public async Task An_orphan_is_deleted_only_under_the_sync_policy(SyncPolicy policy, bool deleted)
    {
        harness.QuartzResyncs = true;
        Start(new SyncOptions { Policy = policy }, Spec("alpha", Interval));
        await harness.NextReportAsync();
        await LeaveAsync("ghost", SyncConfig.DefaultOwnerId);
        var ghost = Owned(SyncConfig.DefaultOwnerId, "ghost");
        harness.Api.Writes.Reset();

        harness.Time.Fake.Advance(Interval);
        await harness.SweptAsync(1);

        Assert.Equal(deleted ? ghost.Count : 0, harness.Api.Writes.Deletes);
        Assert.Equal(harness.Api.Writes.Deletes, harness.Api.Writes.Total);
        Assert.Equal(deleted ? [] : ghost, Owned(SyncConfig.DefaultOwnerId, "ghost"));
    }

    [Fact]
    public async Task The_sweep_follows_the_shortest_interval_of_the_registrations_as_they_change()
    {
        harness.QuartzResyncs = true;
        var alpha = Spec("alpha", TimeSpan.FromMinutes(1));
        Start(new SyncOptions(), alpha);
        await harness.NextReportAsync();

        harness.Registrations.Replace([alpha, Spec("beta", Interval)]);
        Assert.Equal([SyncLoopHarness.Key("beta")], (await harness.NextReportAsync()).Services.Select(s => s.Key));
        await LeaveAsync("ghost", SyncConfig.DefaultOwnerId);
        harness.Time.Fake.Advance(Interval);
        await harness.SweptAsync(1);

        Assert.Empty(Owned(SyncConfig.DefaultOwnerId, "ghost"));
    }

    [Fact]
    public async Task Without_registrations_the_sweep_runs_every_30_seconds()
    {
        harness.QuartzResyncs = true;
        Start(new SyncOptions());
        Assert.Empty((await harness.NextReportAsync()).Services);
        await LeaveAsync("ghost", SyncConfig.DefaultOwnerId);

        harness.Time.Fake.Advance(TimeSpan.FromSeconds(30));
        await harness.SweptAsync(1);

        Assert.Empty(Owned(SyncConfig.DefaultOwnerId, "ghost"));
    }

    [Fact]
    public async Task A_sweep_that_cannot_list_is_tried_again_at_the_next_one()
    {
        Start(new SyncOptions());
        await harness.NextReportAsync();
        await LeaveAsync("ghost", SyncConfig.DefaultOwnerId);
        var ghost = Owned(SyncConfig.DefaultOwnerId, "ghost");
        harness.Api.Faults.Enqueue(new Fault { Verb = "list", Resource = "services", StatusCode = 503, Times = 1 });

        harness.Time.Fake.Advance(TimeSpan.FromSeconds(30));
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await harness.Logs.WaitForAsync(SweepFailedEventId, 1, timeout.Token);
        }

        Assert.Equal(ghost, Owned(SyncConfig.DefaultOwnerId, "ghost"));
        harness.Time.Fake.Advance(TimeSpan.FromSeconds(30));
        await harness.SweptAsync(1);

        Assert.Empty(Owned(SyncConfig.DefaultOwnerId, "ghost"));
        Assert.Equal(0, harness.Replans.Count);
    }

    private void Start(SyncOptions options, params ExternalServiceSpec[] services) =>
        harness.Start(new StaticSource(), new SourceHealthStage(), new SyncLoopHarness.Notifier(announcements.Reader), options, services);

    /// <summary>Has another instance of the product with <paramref name="ownerId"/> sync a registration the loop does not have.</summary>
    private async Task LeaveAsync(string name, string ownerId)
    {
        var spec = Spec(name, Interval);
        var report = await harness.CreateEngine(new StaticSource(), new SourceHealthStage())
            .SyncServicesAsync([spec], new HashSet<ServiceKey> { spec.Key }, new SyncOptions { OwnerId = ownerId }, CancellationToken.None);
        Assert.Equal(ServiceStatus.Synced, Assert.Single(report.Services).Status);
    }

    /// <summary>The next report about <paramref name="service"/>, errors and all; a resync's reports before it are passed over.</summary>
    private async Task<SyncReport> ReportOfAsync(ServiceKey service)
    {
        while (true)
        {
            var report = await harness.NextReportWithErrorsAsync();
            if (report.Services.Any(s => s.Key == service))
            {
                return report;
            }
        }
    }

    /// <summary>What <paramref name="ownerId"/> has for Service <paramref name="name"/>: resource, name and resourceVersion of each object.</summary>
    private List<(string Resource, string Name, string Version)> Owned(string ownerId, string name)
    {
        var store = harness.Api.Store;
        return
        [
            .. Of("services", store.List<V1Service>("default").Where(s => s.Metadata.Name == name)),
            .. Of("endpointslices", store.List<V1EndpointSlice>("default").Where(s => s.Metadata.Labels is { } labels && labels.TryGetValue(OwnershipLabels.ServiceNameKey, out var service) && service == name)),
            .. Of("endpoints", store.List<V1Endpoints>("default").Where(e => e.Metadata.Name == name)),
        ];

        IEnumerable<(string, string, string)> Of(string resource, IEnumerable<IKubernetesObject<V1ObjectMeta>> objects) =>
            objects.Where(o => OwnershipLabels.IsOwnedBy(o.Metadata, ownerId)).Select(o => (resource, o.Metadata.Name, o.Metadata.ResourceVersion)).Order();
    }

    private static ExternalServiceSpec Spec(string name, TimeSpan resyncInterval) => SyncLoopHarness.Spec(name, resyncInterval) with
    {
        Source = new StaticSourceSpec { Addresses = ["192.0.2.1"] },
    };
}
