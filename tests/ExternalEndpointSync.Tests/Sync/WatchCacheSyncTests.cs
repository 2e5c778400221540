using ExternalEndpointSync.Health;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.TestSupport.Time;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Tests.Sync;

/// <summary>
/// The loop on the watch cache (<c>run</c>, the long-running <c>sync</c>): re-plans read memory,
/// never a list; our own writes are known before their watch events arrive, so a stale cache makes
/// no duplicate; and objects someone else deleted, edited or relabelled are repaired at once.
/// </summary>
public sealed class WatchCacheSyncTests : SyncLoopServerTest
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public async Task A_replan_reads_the_cache_and_lists_nothing()
    {
        await StartAsync("192.0.2.1");

        await Announcements.Writer.WriteAsync(SyncLoopHarness.Key("alpha"));
        await Harness.NextReportAsync();
        Harness.Registrations.Replace([Spec("192.0.2.2")]);
        await Harness.NextReportAsync();

        Assert.Equal(0, Harness.Api.Requests.Lists);
        Assert.Equal(0, Harness.Api.Requests.Gets);
        Assert.Equal(1, Harness.Api.Writes.Count("update", "endpointslices"));
        Assert.Equal(1, Harness.Api.Writes.Total);
        Assert.Equal("192.0.2.2", Harness.Slice("alpha").Endpoints.Single().Addresses.Single());
    }

    [Fact]
    public async Task A_steady_state_makes_no_writes_and_no_lists()
    {
        await StartAsync("192.0.2.1");

        // Each watch ends after a second or two and is opened again from the last version.
        await WaitUntilAsync(() => Harness.Api.Requests.Count("watch", "endpointslices") >= 3 && Harness.Api.Requests.Count("watch", "services") >= 3);

        Assert.Equal(0, Harness.Api.Writes.Total);
        Assert.Equal(0, Harness.Api.Requests.Lists);
        Assert.Equal(0, Harness.Api.Requests.Gets);
    }

    [Fact]
    public async Task A_stale_cache_never_duplicates_a_slice_or_redoes_a_write()
    {
        var cache = Harness.UseWatchCache();
        var hold = Harness.Api.HoldWatchEvents();
        Start("192.0.2.1");
        await Harness.NextReportAsync();
        Assert.Equal(2, Harness.Api.Writes.Total);
        Harness.Api.Writes.Reset();

        // The cache has seen none of the writes: without knowing them, this re-plan would create
        // the slice again and rewrite the Service.
        await Announcements.Writer.WriteAsync(SyncLoopHarness.Key("alpha"));
        await Harness.NextReportAsync();
        Harness.Registrations.Replace([Spec("192.0.2.2")]);
        await Harness.NextReportAsync();

        Assert.Empty(cache.EndpointSlices.Snapshot());
        Assert.Equal(1, Harness.Api.Writes.Count("update", "endpointslices"));
        Assert.Equal(1, Harness.Api.Writes.Total);
        hold.Dispose();
        await WaitUntilAsync(() => cache.PendingWrites == 0);
        await Announcements.Writer.WriteAsync(SyncLoopHarness.Key("alpha"));
        await Harness.NextReportAsync();

        Assert.Equal(1, Harness.Api.Writes.Total);
        Assert.Equal("192.0.2.2", Harness.Slice("alpha").Endpoints.Single().Addresses.Single());
        Assert.Single(cache.EndpointSlices.Snapshot());
    }

    [Fact]
    public async Task A_slice_deleted_by_someone_else_is_restored_with_one_write()
    {
        await StartAsync("192.0.2.1");
        var slice = Harness.Slice("alpha");

        Harness.Api.Store.Delete<V1EndpointSlice>("default", slice.Metadata.Name);
        await RepairedAsync(() => Harness.Api.Writes.Count("create", "endpointslices") >= 1);

        Assert.Equal(1, Harness.Api.Writes.Count("create", "endpointslices"));
        Assert.Equal(1, Harness.Api.Writes.Total);
        Assert.NotEqual(slice.Metadata.Name, Harness.Slice("alpha").Metadata.Name);
        Assert.Equal(0, Harness.Api.Requests.Lists);
    }

    [Fact]
    public async Task A_slice_deleted_while_no_watch_was_open_is_found_by_the_relist_after_410_and_restored()
    {
        await StartAsync("192.0.2.1");
        var slice = Harness.Slice("alpha");

        // Between two watches the slice goes and the history is compacted: the next watch is
        // answered 410 and only the relist's diff can tell that the slice is gone.
        Harness.Api.Faults.Enqueue(new TestSupport.FakeKubernetes.Fault
        {
            Verb = "watch",
            Resource = "endpointslices",
            Before = () =>
            {
                Harness.Api.Store.Delete<V1EndpointSlice>("default", slice.Metadata.Name);
                Harness.Api.Store.Compact();
            },
        });
        await Harness.NextReportAsync();

        Assert.Equal(1, Harness.Api.Writes.Count("create", "endpointslices"));
        Assert.Equal(1, Harness.Api.Writes.Total);
        Assert.Equal(1, Harness.Api.Requests.Count("list", "endpointslices"));
        Assert.NotEqual(slice.Metadata.Name, Harness.Slice("alpha").Metadata.Name);
    }

    [Fact]
    public async Task A_slice_edited_by_someone_else_is_set_right_with_one_update()
    {
        await StartAsync("192.0.2.1");
        using var admin = Harness.Api.CreateAdminClient();
        var slice = Harness.Slice("alpha");
        slice.Endpoints[0].Addresses = ["192.0.2.66"];

        await admin.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(slice, slice.Metadata.Name, "default");
        await RepairedAsync(() => Harness.Api.Writes.Count("update", "endpointslices") >= 2);

        // The admin's update and ours.
        Assert.Equal(2, Harness.Api.Writes.Count("update", "endpointslices"));
        Assert.Equal(2, Harness.Api.Writes.Total);
        Assert.Equal("192.0.2.1", Harness.Slice("alpha").Endpoints.Single().Addresses.Single());
        Assert.Equal(0, Harness.Api.Requests.Lists);
    }

    [Fact]
    public async Task A_Service_edited_by_someone_else_is_set_right()
    {
        await StartAsync("192.0.2.1");
        using var admin = Harness.Api.CreateAdminClient();
        var service = Harness.Api.Store.Get<V1Service>("default", "alpha")!;
        service.Spec.Ports[0].Port = 8081;

        await admin.CoreV1.ReplaceNamespacedServiceAsync(service, "alpha", "default");
        await RepairedAsync(() => Harness.Api.Writes.Count("update", "services") >= 2);

        Assert.Equal(2, Harness.Api.Writes.Count("update", "services"));
        Assert.Equal(2, Harness.Api.Writes.Total);
        Assert.Equal(80, Harness.Api.Store.Get<V1Service>("default", "alpha")!.Spec.Ports.Single().Port);
    }

    [Fact]
    public async Task A_relabelled_slice_is_no_longer_ours_a_new_one_is_created_and_the_old_one_never_touched()
    {
        await StartAsync("192.0.2.1");
        using var admin = Harness.Api.CreateAdminClient();
        var slice = Harness.Slice("alpha");
        slice.Metadata.Labels.Remove(OwnershipLabels.OwnerKey);

        var relabelled = await admin.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(slice, slice.Metadata.Name, "default");
        await Harness.NextReportAsync();

        Assert.Equal(1, Harness.Api.Writes.Count("create", "endpointslices"));
        Assert.Equal(2, Harness.Api.Writes.Total);
        var foreign = Harness.Api.Store.Get<V1EndpointSlice>("default", slice.Metadata.Name)!;
        Assert.Equal(relabelled.Metadata.ResourceVersion, foreign.Metadata.ResourceVersion);
        var owned = Assert.Single(Harness.Api.Store.List<V1EndpointSlice>("default"), s => OwnershipLabels.IsOwnedBy(s.Metadata, "default"));
        Assert.NotEqual(slice.Metadata.Name, owned.Metadata.Name);
    }

    [Fact]
    public async Task A_read_of_one_service_gives_its_objects_only_and_follows_a_slice_relabelled_to_another_service()
    {
        await StartAsync("192.0.2.1");
        var cache = Harness.Cache!;
        using var admin = Harness.Api.CreateAdminClient();
        var slice = Harness.Slice("alpha");
        slice.Metadata.Labels[OwnershipLabels.ServiceNameKey] = "beta";

        await admin.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(slice, slice.Metadata.Name, "default");
        await Harness.NextReportAsync();
        await WaitUntilAsync(() => cache.PendingWrites == 0 && cache.EndpointSlices.Snapshot().Count == 2);

        var alpha = await cache.ReadAsync("default", new HashSet<ServiceKey> { SyncLoopHarness.Key("alpha") }, CancellationToken.None);
        var beta = await cache.ReadAsync("default", new HashSet<ServiceKey> { SyncLoopHarness.Key("beta") }, CancellationToken.None);

        Assert.Equal("alpha", Assert.Single(alpha.Services).Metadata.Name);
        Assert.NotEqual(slice.Metadata.Name, Assert.Single(alpha.EndpointSlices).Metadata.Name);
        Assert.Empty(beta.Services);
        Assert.Equal(slice.Metadata.Name, Assert.Single(beta.EndpointSlices).Metadata.Name);
        Assert.Equal(0, Harness.Api.Requests.Lists);
    }

    private static ExternalServiceSpec Spec(string address) => new()
    {
        Name = "alpha",
        Ports = [new ServicePortSpec { Name = "http", Port = 80 }],
        Source = new StaticSourceSpec { Addresses = [address] },
        ResyncInterval = Hour,
    };

    /// <summary>
    /// Waits for the repair itself, not the next report: a report of a sync that began before the
    /// drift was seen may come first on a loaded machine.
    /// </summary>
    private static Task RepairedAsync(Func<bool> repaired) => WaitUntilAsync(repaired);

    private static async Task WaitUntilAsync(Func<bool> condition) =>
        Assert.True(await Poll.UntilAsync(condition, TimeSpan.FromSeconds(20)), "not within 20 s");

    private void Start(string address) =>
        Harness.Start(new StaticSource(), new SourceHealthStage(), new SyncLoopHarness.Notifier(Announcements.Reader), Spec(address));

    /// <summary>Starts on the cache, syncs once, and waits until the cache has seen every write of that sync.</summary>
    private async Task StartAsync(string address)
    {
        var cache = Harness.UseWatchCache();
        Start(address);
        await Harness.NextReportAsync();
        await WaitUntilAsync(() => cache.PendingWrites == 0 && cache.EndpointSlices.Snapshot().Count == 1 && cache.Services.Snapshot().Count == 1);
        Assert.Equal(3, Harness.Api.Requests.Lists);
        Harness.Api.Writes.Reset();
        Harness.Api.Requests.Reset();
    }
}
