using System.Diagnostics;
using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Tests.EndToEnd;

namespace ExternalEndpointSync.Tests.Worker;

/// <summary>Two real <c>run</c> processes against the fake API server: failover after SIGTERM and after SIGKILL.</summary>
public sealed class WorkerProcessTests : SyncWorldTest
{
    [Fact]
    public async Task After_SIGTERM_of_the_leader_process_the_other_process_leads_and_the_first_exits_cleanly()
    {
        // A 5 s lease: the takeover comes from the release, well before the lease could expire.
        string[] timings = ["--lease-duration", "5s", "--renew-deadline", "4s", "--retry-period", "200ms"];
        var config = WorkerWorld.WriteConfig(World);
        await using var a = WorkerProcess.Start("process-a", config, World.Kubeconfig, timings);
        await using var b = WorkerProcess.Start("process-b", config, World.Kubeconfig, timings);
        var (leader, follower) = await LeaderAndFollowerAsync(a, b);

        Assert.Equal(ExitCodes.Success, await leader.TerminateAsync());
        var stopped = Stopwatch.StartNew();
        await Eventually.WaitAsync(() => HeldBy(follower), "the other process takes the lease over", () => a.Logs + b.Logs);

        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(2.5), $"takeover took {stopped.Elapsed.TotalSeconds:0.00} s\n{a.Logs}{b.Logs}");
        Assert.Contains("Released the leader lease", leader.Logs, StringComparison.Ordinal);
        Assert.False(follower.HasExited);
    }

    [Fact]
    public async Task After_SIGKILL_of_the_leader_process_the_other_process_leads_once_the_lease_expires()
    {
        string[] timings = ["--lease-duration", "2s", "--renew-deadline", "1500ms", "--retry-period", "200ms"];
        var config = WorkerWorld.WriteConfig(World);
        await using var a = WorkerProcess.Start("process-a", config, World.Kubeconfig, timings);
        await using var b = WorkerProcess.Start("process-b", config, World.Kubeconfig, timings);
        var (leader, follower) = await LeaderAndFollowerAsync(a, b);

        await leader.KillAsync();
        var killed = Stopwatch.StartNew();
        await Eventually.WaitAsync(() => HeldBy(follower), "the other process takes the expired lease over", () => a.Logs + b.Logs);

        // The follower waits out a full lease from the last renewal it saw; nothing released it.
        Assert.True(killed.Elapsed > TimeSpan.FromSeconds(1.5), $"takeover after {killed.Elapsed.TotalSeconds:0.00} s");
        Assert.Equal(2, WorkerWorld.Lease(World)!.Spec.LeaseDurationSeconds);
    }

    private bool HeldBy(WorkerProcess worker) => WorkerWorld.Holder(World).StartsWith(worker.PodName + "_", StringComparison.Ordinal);

    private async Task<(WorkerProcess Leader, WorkerProcess Follower)> LeaderAndFollowerAsync(WorkerProcess a, WorkerProcess b)
    {
        await Eventually.WaitAsync(
            () => (HeldBy(a) || HeldBy(b)) && World.Slices("web", "legacy-api").Count == 1 && World.Api.Requests.Count("get", "leases") > 10,
            "one process leads and has written the slice while both read the lease",
            () => a.Logs + b.Logs);
        return HeldBy(a) ? (a, b) : (b, a);
    }
}
