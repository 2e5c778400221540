using System.Diagnostics;
using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Tests.EndToEnd;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s;
using ExternalEndpointSync.TestSupport.Servers;

namespace ExternalEndpointSync.Tests.Worker;

/// <summary>
/// Two real <c>run</c> processes against the fake API server, each with its own pod-bound token so
/// that the fake's write log says which one wrote: failover after SIGTERM, after SIGKILL, and a
/// leader cut off from the Lease; in each, every write fell inside its writer's lease.
/// </summary>
public sealed class WorkerProcessTests : SyncWorldTest
{
    [Fact]
    public async Task After_SIGTERM_of_the_leader_process_the_other_process_leads_and_the_first_exits_cleanly()
    {
        // A 5 s lease: the takeover comes from the release, well before the lease could expire.
        string[] timings = ["--lease-duration", "5s", "--renew-deadline", "4s", "--retry-period", "200ms"];
        var config = WorkerWorld.WriteConfig(World);
        await using var a = Start("process-a", config, timings);
        await using var b = Start("process-b", config, timings);
        var (leader, follower) = await LeaderAndFollowerAsync(a, b);

        Assert.Equal(ExitCodes.Success, await leader.TerminateAsync());
        var stopped = Stopwatch.StartNew();
        await Eventually.WaitAsync(() => HeldBy(follower), "the other process takes the lease over", () => a.Logs + b.Logs);

        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(2.5), $"takeover took {stopped.Elapsed.TotalSeconds:0.00} s\n{a.Logs}{b.Logs}");
        Assert.Contains("Released the leader lease", leader.Logs, StringComparison.Ordinal);
        Assert.False(follower.HasExited);
        await RepairedByAsync(follower, a, b);
    }

    [Fact]
    public async Task After_SIGKILL_of_the_leader_process_the_other_process_leads_once_the_lease_expires()
    {
        string[] timings = ["--lease-duration", "2s", "--renew-deadline", "1500ms", "--retry-period", "200ms"];
        var config = WorkerWorld.WriteConfig(World);
        await using var a = Start("process-a", config, timings);
        await using var b = Start("process-b", config, timings);
        var (leader, follower) = await LeaderAndFollowerAsync(a, b);

        await leader.KillAsync();
        var killed = Stopwatch.StartNew();
        await Eventually.WaitAsync(() => HeldBy(follower), "the other process takes the expired lease over", () => a.Logs + b.Logs);

        // The follower waits out a full lease from the last renewal it saw; nothing released it.
        Assert.True(killed.Elapsed > TimeSpan.FromSeconds(1.5), $"takeover after {killed.Elapsed.TotalSeconds:0.00} s");
        Assert.True(killed.Elapsed < TimeSpan.FromSeconds(5), $"takeover after {killed.Elapsed.TotalSeconds:0.00} s\n{a.Logs}{b.Logs}");
        Assert.Equal(2, WorkerWorld.Lease(World)!.Spec.LeaseDurationSeconds);
        await RepairedByAsync(follower, a, b);
    }

    [Fact]
    public async Task A_leader_process_cut_off_from_the_lease_writes_nothing_once_it_knows_and_never_while_the_other_leads()
    {
        string[] timings = ["--lease-duration", "3s", "--renew-deadline", "2s", "--retry-period", "200ms"];
        var config = WorkerWorld.WriteConfig(World);
        await using var a = Start("process-a", config, timings);
        await using var b = Start("process-b", config, timings);
        var (leader, follower) = await LeaderAndFollowerAsync(a, b);

        // Only the leader's lease requests fail; its writes to Services and slices would still go through.
        World.Api.Faults.Enqueue(new Fault { Client = leader.PodName, Resource = "leases", StatusCode = 503, Times = int.MaxValue });
        await Eventually.WaitAsync(
            () => leader.Logs.Contains("Lost the leader lease", StringComparison.Ordinal), "the cut-off leader knows it lost the lease", () => a.Logs + b.Logs);

        // The old leader would restore this slice at its next one-second resync if it still wrote.
        var deleted = await DeleteSliceAsync();
        await Eventually.WaitAsync(
            () => HeldBy(follower) && World.Slices("web", "legacy-api").Count == 1, "the other process leads and repairs the slice", () => a.Logs + b.Logs);
        await WaitForLeaseRequestsAsync(15);
        World.Api.Faults.Clear();
        await WaitForLeaseRequestsAsync(15);

        var log = World.Api.WriteLog.Entries;
        var afterDelete = log.Where(w => w.Sequence > deleted && w.Resource != "leases").ToList();
        Assert.DoesNotContain(afterDelete, w => w.Client == leader.PodName);
        Assert.Single(afterDelete, w => w is { Verb: "create", Resource: "endpointslices" } && w.Client == follower.PodName);
        var held = LeaseWriters.AssertEachWriteHeldTheLease(log, a.PodName, b.PodName);
        Assert.Contains(held, w => w.Client == leader.PodName);
        Assert.True(HeldBy(follower), $"the lease is {WorkerWorld.Holder(World)}");
        Assert.False(leader.HasExited);
    }

    private WorkerProcess Start(string podName, string config, string[] timings) =>
        WorkerProcess.Start(podName, config, World.PodKubeconfig(podName), WorkerWorld.LeaseNamespace, timings);

    private bool HeldBy(WorkerProcess worker) => WorkerWorld.Holder(World).StartsWith(worker.PodName + "_", StringComparison.Ordinal);

    private async Task<(WorkerProcess Leader, WorkerProcess Follower)> LeaderAndFollowerAsync(WorkerProcess a, WorkerProcess b)
    {
        await Eventually.WaitAsync(
            () => (HeldBy(a) || HeldBy(b)) && World.Slices("web", "legacy-api").Count == 1 && World.Api.Requests.Count("get", "leases") > 10,
            "one process leads and has written the slice while both read the lease",
            () => a.Logs + b.Logs);
        return HeldBy(a) ? (a, b) : (b, a);
    }

    /// <summary>The new leader repairs a deleted slice with one write, and no write of either process fell outside its lease.</summary>
    private async Task RepairedByAsync(WorkerProcess newLeader, WorkerProcess a, WorkerProcess b)
    {
        var deleted = await DeleteSliceAsync();
        await Eventually.WaitAsync(() => World.Slices("web", "legacy-api").Count == 1, "the new leader repairs the slice", () => a.Logs + b.Logs);

        var log = World.Api.WriteLog.Entries;
        Assert.Single(log, w => w.Sequence > deleted && w is { Verb: "create", Resource: "endpointslices" } && w.Client == newLeader.PodName);
        var held = LeaseWriters.AssertEachWriteHeldTheLease(log, a.PodName, b.PodName);
        Assert.Equal(2, held.Select(w => w.Client).Distinct().Count());
    }

    /// <summary>Deletes the slice as someone else would; returns the write log's sequence of that delete.</summary>
    private async Task<long> DeleteSliceAsync()
    {
        using var admin = World.Api.CreateAdminClient();
        var slice = World.Slices("web", "legacy-api").Single();
        await admin.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(slice.Metadata.Name, "web");
        return World.Api.WriteLog.Entries.Last(w => w is { Verb: "delete", Resource: "endpointslices" }).Sequence;
    }

    private async Task WaitForLeaseRequestsAsync(int more)
    {
        var seen = World.Api.Requests.Count("get", "leases");
        await Eventually.WaitAsync(() => World.Api.Requests.Count("get", "leases") >= seen + more, $"{more} more lease reads");
    }
}
