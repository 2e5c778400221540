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
public sealed class OrphanSweepTests : SyncLoopServerTest
{
    /// <summary>The loop's log entry of a sweep that could not list what it owns.</summary>
    private const int SweepFailedEventId = 224;

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private static readonly ServiceKey Ghost = SyncLoopHarness.Key("ghost");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_orphan_left_after_startup_is_deleted_at_the_next_sweep_with_one_delete_per_object_and_another_owners_objects_are_untouched(bool quartz)
    {
        Harness.QuartzResyncs = quartz;
        Start(new SyncOptions(), Spec("alpha", Interval));
        await Harness.NextReportAsync();
        // Another replica's older configuration still registered ghost; another owner has stranger.
        await LeaveAsync("ghost", SyncConfig.DefaultOwnerId);
        await LeaveAsync("stranger", "other");
        var ghost = Owned(SyncConfig.DefaultOwnerId, "ghost");
        var stranger = Owned("other", "stranger");
        Harness.Api.Writes.Reset();

        Harness.Time.Fake.Advance(Interval);
        await Harness.SweptAsync(1);

        var removed = Assert.Single((await ReportOfAsync(Ghost)).Services);
        Assert.Equal(ServiceStatus.Removed, removed.Status);
        Assert.Equal(1, ghost.Count(o => o.Resource == "services"));
        foreach (var resource in new[] { "services", "endpointslices", "endpoints" })
        {
            Assert.Equal(ghost.Count(o => o.Resource == resource), Harness.Api.Writes.Count("delete", resource));
        }

        Assert.Equal(ghost.Count, Harness.Api.Writes.Total);
        Assert.Empty(Owned(SyncConfig.DefaultOwnerId, "ghost"));
        Assert.Equal(stranger, Owned("other", "stranger"));

        // The next sweep finds nothing left over and writes nothing.
        Harness.Time.Fake.Advance(Interval);
        await Harness.SweptAsync(2);
        Assert.Equal(ghost.Count, Harness.Api.Writes.Total);
        Assert.Equal(stranger, Owned("other", "stranger"));
    }

    [Fact]
    public async Task A_sweep_without_orphans_writes_nothing_and_leaves_objects_of_other_owners_and_of_nobody_alone()
    {
        Harness.QuartzResyncs = true;
        Start(new SyncOptions(), Spec("alpha", Interval));
        await Harness.NextReportAsync();
        await LeaveAsync("stranger", "other");
        Harness.Api.Store.Seed(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "plain", NamespaceProperty = "default" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] },
        });
        var stranger = Owned("other", "stranger");
        var plain = Harness.Api.Store.Get<V1Service>("default", "plain")!.Metadata.ResourceVersion;
        Harness.Api.Writes.Reset();

        Harness.Time.Fake.Advance(Interval);
        await Harness.SweptAsync(1);

        Assert.Equal(0, Harness.Api.Writes.Total);
        Assert.Equal(stranger, Owned("other", "stranger"));
        Assert.Equal(plain, Harness.Api.Store.Get<V1Service>("default", "plain")!.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task An_orphan_whose_delete_fails_is_retried_with_backoff_before_the_next_sweep()
    {
        Start(new SyncOptions(), Spec("alpha", Interval));
        await Harness.NextReportAsync();
        await LeaveAsync("ghost", SyncConfig.DefaultOwnerId);
        var ghost = Owned(SyncConfig.DefaultOwnerId, "ghost");
        Harness.Api.Writes.Reset();
        Harness.Api.Faults.Enqueue(new Fault { Verb = "delete", Resource = "services", StatusCode = 500, Times = 1 });

        Harness.Time.Fake.Advance(Interval);
        var failed = await ReportOfAsync(Ghost);
        Harness.Time.Fake.Advance(await Harness.NextTimerShorterThanAsync(Interval));
        var retried = await ReportOfAsync(Ghost);

        Assert.Equal(ServiceStatus.Failed, Assert.Single(failed.Services).Status);
        Assert.Equal(ServiceStatus.Removed, Assert.Single(retried.Services).Status);
        Assert.Empty(Owned(SyncConfig.DefaultOwnerId, "ghost"));
        Assert.Equal(ghost.Count, Harness.Api.Writes.Deletes);
        Assert.Equal(0, Harness.Replans.Count);
    }

    [Theory]
    [InlineData(SyncPolicy.Sync, true)]
    [InlineData(SyncPolicy.UpsertOnly, false)]
    [InlineData(SyncPolicy.CreateOnly, false)]
    public async Task An_orphan_is_deleted_only_under_the_sync_policy(SyncPolicy policy, bool deleted)
    {
        Harness.QuartzResyncs = true;
        Start(new SyncOptions { Policy = policy }, Spec("alpha", Interval));
        await Harness.NextReportAsync();
        await LeaveAsync("ghost", SyncConfig.DefaultOwnerId);
        var ghost = Owned(SyncConfig.DefaultOwnerId, "ghost");
        Harness.Api.Writes.Reset();

        Harness.Time.Fake.Advance(Interval);
        await Harness.SweptAsync(1);

        Assert.Equal(deleted ? ghost.Count : 0, Harness.Api.Writes.Deletes);
        Assert.Equal(Harness.Api.Writes.Deletes, Harness.Api.Writes.Total);
        Assert.Equal(deleted ? [] : ghost, Owned(SyncConfig.DefaultOwnerId, "ghost"));
    }

    [Fact]
    public async Task The_sweep_follows_the_shortest_interval_of_the_registrations_as_they_change()
    {
        Harness.QuartzResyncs = true;
        var alpha = Spec("alpha", TimeSpan.FromMinutes(1));
        Start(new SyncOptions(), alpha);
        await Harness.NextReportAsync();

        Harness.Registrations.Replace([alpha, Spec("beta", Interval)]);
        Assert.Equal([SyncLoopHarness.Key("beta")], (await Harness.NextReportAsync()).Services.Select(s => s.Key));
        await LeaveAsync("ghost", SyncConfig.DefaultOwnerId);
        Harness.Time.Fake.Advance(Interval);
        await Harness.SweptAsync(1);

        Assert.Empty(Owned(SyncConfig.DefaultOwnerId, "ghost"));
    }

    [Fact]
    public async Task Without_registrations_the_sweep_runs_every_30_seconds()
    {
        Harness.QuartzResyncs = true;
        Start(new SyncOptions());
        Assert.Empty((await Harness.NextReportAsync()).Services);
        await LeaveAsync("ghost", SyncConfig.DefaultOwnerId);

        Harness.Time.Fake.Advance(TimeSpan.FromSeconds(30));
        await Harness.SweptAsync(1);

        Assert.Empty(Owned(SyncConfig.DefaultOwnerId, "ghost"));
    }

    [Fact]
    public async Task A_sweep_that_cannot_list_is_tried_again_at_the_next_one()
    {
        Start(new SyncOptions());
        await Harness.NextReportAsync();
        await LeaveAsync("ghost", SyncConfig.DefaultOwnerId);
        var ghost = Owned(SyncConfig.DefaultOwnerId, "ghost");
        Harness.Api.Faults.Enqueue(new Fault { Verb = "list", Resource = "services", StatusCode = 503, Times = 1 });

        Harness.Time.Fake.Advance(TimeSpan.FromSeconds(30));
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await Harness.Logs.WaitForAsync(SweepFailedEventId, 1, timeout.Token);
        }

        Assert.Equal(ghost, Owned(SyncConfig.DefaultOwnerId, "ghost"));
        Harness.Time.Fake.Advance(TimeSpan.FromSeconds(30));
        await Harness.SweptAsync(1);

        Assert.Empty(Owned(SyncConfig.DefaultOwnerId, "ghost"));
        Assert.Equal(0, Harness.Replans.Count);
    }

    private void Start(SyncOptions options, params ExternalServiceSpec[] services) =>
        Harness.Start(new StaticSource(), new SourceHealthStage(), new SyncLoopHarness.Notifier(Announcements.Reader), options, services);

    /// <summary>Has another instance of the product with <paramref name="ownerId"/> sync a registration the loop does not have.</summary>
    private async Task LeaveAsync(string name, string ownerId)
    {
        var spec = Spec(name, Interval);
        var report = await Harness.CreateEngine(new StaticSource(), new SourceHealthStage())
            .SyncServicesAsync([spec], new HashSet<ServiceKey> { spec.Key }, new SyncOptions { OwnerId = ownerId }, CancellationToken.None);
        Assert.Equal(ServiceStatus.Synced, Assert.Single(report.Services).Status);
    }

    /// <summary>The next report about <paramref name="service"/>, errors and all; a resync's reports before it are passed over.</summary>
    private async Task<SyncReport> ReportOfAsync(ServiceKey service)
    {
        while (true)
        {
            var report = await Harness.NextReportWithErrorsAsync();
            if (report.Services.Any(s => s.Key == service))
            {
                return report;
            }
        }
    }

    /// <summary>What <paramref name="ownerId"/> has for Service <paramref name="name"/>: resource, name and resourceVersion of each object.</summary>
    private List<(string Resource, string Name, string Version)> Owned(string ownerId, string name)
    {
        var store = Harness.Api.Store;
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
