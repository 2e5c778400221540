using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Tests.EndToEnd;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s;

namespace ExternalEndpointSync.Tests.Worker;

/// <summary>Two in-process <c>run</c> replicas against the fake API server: one writer, failover, fencing.</summary>
public sealed partial class LeaderElectionTests : SyncWorldTest
{
    [Fact]
    public async Task Exactly_one_of_two_replicas_leads_and_writes_and_keeps_renewing_while_its_sync_loop_runs()
    {
        var config = WorkerWorld.WriteConfig(World);
        await using var a = WorkerReplica.Start("replica-a", config, World.Kubeconfig);
        await using var b = WorkerReplica.Start("replica-b", config, World.Kubeconfig);

        var (leader, follower) = await LeaderAndFollowerAsync(a, b);
        var acquired = WorkerWorld.Lease(World)!.Spec.AcquireTime!.Value;

        // The sync loop never returns while leading; were it run inside the elector's handler, no
        // renewal would follow and the lease would change hands after one lease duration.
        await Eventually.WaitAsync(
            () => WorkerWorld.Lease(World)!.Spec.RenewTime > acquired.AddSeconds(9),
            "the leader renews its lease for three lease durations",
            () => a.Logs + b.Logs);

        Assert.StartsWith(leader.PodName + "_", WorkerWorld.Holder(World), StringComparison.Ordinal);
        Assert.True(leader.Status.IsLeading);
        Assert.False(follower.Status.IsLeading);
        Assert.Equal(1, World.Api.Writes.Count("create", "services"));
        Assert.Equal(1, World.Api.Writes.Count("create", "endpointslices"));
        Assert.Equal(0, World.Api.Writes.Count("update", "services") + World.Api.Writes.Count("update", "endpointslices"));
    }

    [Fact]
    public async Task A_leader_stopped_by_SIGTERM_releases_the_lease_with_an_empty_holder_and_a_one_second_duration_in_micro_time()
    {
        var config = WorkerWorld.WriteConfig(World);
        var a = WorkerReplica.Start("replica-a", config, World.Kubeconfig);
        await using (a)
        {
            await Eventually.WaitAsync(() => a.Status.IsLeading && a.Status.FirstSyncDone, "the only replica leads and syncs", () => a.Logs);

            Assert.Equal(ExitCodes.Success, await a.StopAsync());
        }

        var lease = WorkerWorld.Lease(World)!;
        Assert.Equal(string.Empty, lease.Spec.HolderIdentity);
        Assert.Equal(1, lease.Spec.LeaseDurationSeconds);
        Assert.NotNull(lease.Spec.AcquireTime);
        var raw = await RawLeaseAsync();
        Assert.Matches(MicroTime(), raw["spec"]!["renewTime"]!.GetValue<string>());
        Assert.Matches(MicroTime(), raw["spec"]!["acquireTime"]!.GetValue<string>());
    }

    [Fact]
    public async Task After_SIGTERM_the_other_replica_leads_within_about_one_retry_period_not_a_lease_duration()
    {
        // A 5 s lease and a 200 ms retry: a takeover that waited for the lease to expire would take 5 s.
        string[] timings = ["--lease-duration", "5s", "--renew-deadline", "4s", "--retry-period", "200ms"];
        var config = WorkerWorld.WriteConfig(World);
        await using var a = WorkerReplica.Start("replica-a", config, World.Kubeconfig, timings);
        await using var b = WorkerReplica.Start("replica-b", config, World.Kubeconfig, timings);
        var (leader, follower) = await LeaderAndFollowerAsync(a, b);

        Assert.Equal(ExitCodes.Success, await leader.StopAsync());
        var stopped = Stopwatch.StartNew();
        await Eventually.WaitAsync(() => follower.Status.IsLeading && follower.Status.FirstSyncDone, "the follower takes over", () => a.Logs + b.Logs);

        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(2.5), $"takeover took {stopped.Elapsed.TotalSeconds:0.00} s");
        Assert.StartsWith(follower.PodName + "_", WorkerWorld.Holder(World), StringComparison.Ordinal);
        Assert.Equal(5, WorkerWorld.Lease(World)!.Spec.LeaseDurationSeconds);
    }

    [Fact]
    public async Task A_leader_cut_off_from_lease_updates_stops_writing_once_it_knows_and_the_next_leader_repairs_with_one_write()
    {
        var config = WorkerWorld.WriteConfig(World);
        await using var a = WorkerReplica.Start("replica-a", config, World.Kubeconfig);
        await using var b = WorkerReplica.Start("replica-b", config, World.Kubeconfig);
        var (leader, _) = await LeaderAndFollowerAsync(a, b);

        World.Api.Faults.Enqueue(new Fault { Verb = "update", Resource = "leases", StatusCode = 503, Times = int.MaxValue });
        await Eventually.WaitAsync(() => !leader.Status.IsLeading, "the partitioned leader knows it lost the lease", () => a.Logs + b.Logs);

        // Remove what the old leader would restore on its next resync (every second) if it still wrote.
        var client = World.Api.CreateClient();
        var slice = World.Slices("web", "legacy-api").Single();
        await client.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(slice.Metadata.Name, "web");
        World.Api.Writes.Reset();
        var attempts = World.Api.Requests.Count("update", "leases");
        await Eventually.WaitAsync(
            () => World.Api.Requests.Count("update", "leases") >= attempts + 15,
            "fifteen more refused lease updates (over two resync intervals)");
        Assert.Equal(0, World.Api.Writes.Count("create", "endpointslices"));
        Assert.False(a.Status.IsLeading || b.Status.IsLeading);
        // The lock reports a refused update only by its event; the metric still gets its code.
        Assert.True(ApiErrors(await (await leader.GetAsync("/metrics")).Content.ReadAsStringAsync(), "update", "leases", "503") >= 1);

        World.Api.Faults.Clear();
        await Eventually.WaitAsync(
            () => (a.Status.IsLeading && a.Status.FirstSyncDone) || (b.Status.IsLeading && b.Status.FirstSyncDone),
            "a replica leads again once the lease can be updated",
            () => a.Logs + b.Logs);

        Assert.Single(World.Slices("web", "legacy-api"));
        Assert.Equal(1, World.Api.Writes.Count("create", "endpointslices"));
    }

    private static double ApiErrors(string exposition, string verb, string resource, string code) =>
        MetricsExposition.Sum(exposition, "external_endpoint_sync_api_errors_total", ("verb", verb), ("resource", resource), ("code", code));

    private async Task<(WorkerReplica Leader, WorkerReplica Follower)> LeaderAndFollowerAsync(WorkerReplica a, WorkerReplica b)
    {
        await Eventually.WaitAsync(
            () => WorkerWorld.Leader(World, a, b) is { Status: { IsLeading: true, FirstSyncDone: true } } && a.Status.IsReady && b.Status.IsReady,
            "one replica leads and has synced, the other is ready",
            () => a.Logs + b.Logs);
        var leader = WorkerWorld.Leader(World, a, b)!;
        return (leader, leader == a ? b : a);
    }

    private async Task<JsonObject> RawLeaseAsync()
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", RbacOptions.AdminToken);
        var text = await http.GetStringAsync(new Uri(World.Api.BaseAddress, $"/apis/coordination.k8s.io/v1/namespaces/{WorkerWorld.LeaseNamespace}/leases/{WorkerWorld.LeaseName}"));
        return JsonNode.Parse(text)!.AsObject();
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")]
    private static partial Regex MicroTime();
}
