using System.Net;
using ExternalEndpointSync.Tests.EndToEnd;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using ExternalEndpointSync.TestSupport.Servers;
using k8s.Models;

namespace ExternalEndpointSync.Tests.Worker;

/// <summary>
/// The watch cache of <c>run</c>: it lives for the process on every replica, so followers are
/// ready only once it has synced and a new leader plans without listing; the leader repairs a
/// deleted slice at once with one write; a steady state lists nothing and writes nothing — in
/// in-process replicas and in two real <c>run</c> processes.
/// </summary>
public sealed class WatchCacheWorkerTests : SyncWorldTest
{
    private static readonly string[] Owned = ["services", "endpointslices", "endpoints"];

    [Fact]
    public async Task A_replica_is_not_ready_until_its_watch_cache_has_synced()
    {
        World.Api.Faults.Enqueue(new Fault { Verb = "list", Resource = "endpointslices", StatusCode = 500, Times = 100_000 });
        var config = WorkerWorld.WriteConfig(World);
        await using var a = WorkerReplica.Start("replica-a", config, World.Kubeconfig);
        await Eventually.WaitAsync(() => a.Status.ApiContacted && World.Api.Requests.Count("list", "endpointslices") >= 3, "the replica has read the lease and tried the slices' list", () => a.Logs);

        using (var ready = await a.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("not ready: the watch cache of owned objects has not synced yet\n", await ready.Content.ReadAsStringAsync());
        }

        Assert.False(a.Status.CacheSynced);
        World.Api.Faults.Clear();
        await Eventually.WaitAsync(() => a.Status.IsReady, "ready once the cache has synced", () => a.Logs);
        Assert.True(a.Status.CacheSynced);
    }

    [Fact]
    public async Task Two_workers_list_nothing_in_steady_state_repair_a_deleted_slice_with_one_write_and_a_new_leader_plans_without_listing()
    {
        var config = WorkerWorld.WriteConfig(World);
        await using var a = WorkerReplica.Start("replica-a", config, World.Kubeconfig);
        await using var b = WorkerReplica.Start("replica-b", config, World.Kubeconfig);
        await Eventually.WaitAsync(
            () => WorkerWorld.Leader(World, a, b) is { Status.FirstSyncDone: true } && a.Status.IsReady && b.Status.IsReady,
            "a replica leads and has synced, both are ready",
            () => a.Logs + b.Logs);
        var leader = WorkerWorld.Leader(World, a, b)!;
        var follower = leader == a ? b : a;
        var slice = Assert.Single(World.Api.Store.List<V1EndpointSlice>("web"));
        World.Api.Requests.Reset();
        World.Api.Writes.Reset();

        // The leader resyncs every second and every watch is re-opened every 2–4 s.
        await Eventually.WaitAsync(() => World.Api.Requests.Count("watch", "endpointslices") >= 6, "both caches re-watched the slices a few times", () => leader.Logs);
        Assert.Equal(0, OwnedCalls(World.Api.Requests, "list"));
        Assert.Equal(0, OwnedCalls(World.Api.Writes, "create") + OwnedCalls(World.Api.Writes, "update") + OwnedCalls(World.Api.Writes, "delete"));

        World.Api.Store.Delete<V1EndpointSlice>("web", slice.Metadata.Name);
        await Eventually.WaitAsync(() => World.Api.Store.List<V1EndpointSlice>("web").Count == 1, "the deleted slice is back", () => leader.Logs);
        await Eventually.WaitAsync(() => World.Api.Requests.Count("watch", "endpointslices") >= 10, "a few more watches", () => leader.Logs);
        Assert.Equal(1, World.Api.Writes.Count("create", "endpointslices"));
        Assert.Equal(1, OwnedCalls(World.Api.Writes, "create") + OwnedCalls(World.Api.Writes, "update") + OwnedCalls(World.Api.Writes, "delete"));
        Assert.Equal(0, OwnedCalls(World.Api.Requests, "list"));

        Assert.Equal(0, await leader.StopAsync());
        await Eventually.WaitAsync(() => follower.Status is { IsLeading: true, FirstSyncDone: true }, "the follower took over and synced", () => follower.Logs);
        Assert.Equal(0, OwnedCalls(World.Api.Requests, "list"));
        Assert.Equal(1, OwnedCalls(World.Api.Writes, "create") + OwnedCalls(World.Api.Writes, "update") + OwnedCalls(World.Api.Writes, "delete"));
    }

    [Fact]
    public async Task Two_run_processes_list_nothing_in_steady_state_and_repair_a_deleted_slice_with_one_write()
    {
        string[] timings = ["--lease-duration", "5s", "--renew-deadline", "4s", "--retry-period", "200ms"];
        var config = WorkerWorld.WriteConfig(World);
        await using var a = WorkerProcess.Start("process-a", config, World.PodKubeconfig("process-a"), WorkerWorld.LeaseNamespace, timings);
        await using var b = WorkerProcess.Start("process-b", config, World.PodKubeconfig("process-b"), WorkerWorld.LeaseNamespace, timings);
        await Eventually.WaitAsync(
            async () => World.Slices("web", "legacy-api").Count == 1 && await ReadyAsync(a) && await ReadyAsync(b),
            "one process leads and has written the slice, both are ready (their caches have synced)",
            () => a.Logs + b.Logs);
        var slice = Assert.Single(World.Slices("web", "legacy-api"));
        World.Api.Requests.Reset();
        World.Api.Writes.Reset();

        // The leader resyncs every second; both renew or read the lease every 200 ms.
        await Eventually.WaitAsync(() => World.Api.Requests.Count("get", "leases") >= 30, "a few seconds of steady state", () => a.Logs + b.Logs);
        Assert.Equal(0, OwnedCalls(World.Api.Requests, "list"));
        Assert.Equal(0, OwnedCalls(World.Api.Writes, "create") + OwnedCalls(World.Api.Writes, "update") + OwnedCalls(World.Api.Writes, "delete"));

        World.Api.Store.Delete<V1EndpointSlice>("web", slice.Metadata.Name);
        await Eventually.WaitAsync(() => World.Slices("web", "legacy-api").Count == 1, "the deleted slice is back", () => a.Logs + b.Logs);
        var leases = World.Api.Requests.Count("get", "leases");
        await Eventually.WaitAsync(() => World.Api.Requests.Count("get", "leases") >= leases + 20, "a few more seconds", () => a.Logs + b.Logs);

        Assert.Equal(1, World.Api.Writes.Count("create", "endpointslices"));
        Assert.Equal(1, OwnedCalls(World.Api.Writes, "create") + OwnedCalls(World.Api.Writes, "update") + OwnedCalls(World.Api.Writes, "delete"));
        Assert.Equal(0, OwnedCalls(World.Api.Requests, "list"));
    }

    private static async Task<bool> ReadyAsync(WorkerProcess worker)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var ready = await http.GetAsync(new Uri($"http://127.0.0.1:{worker.HttpPort}/readyz"));
            return ready.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static int OwnedCalls(RequestCounter counter, string verb) => Owned.Sum(resource => counter.Count(verb, resource));
}
