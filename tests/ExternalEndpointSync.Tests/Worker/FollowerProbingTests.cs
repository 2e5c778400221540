using System.Net;
using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Tests.EndToEnd;
using ExternalEndpointSync.Tests.EndToEnd.Health;
using ExternalEndpointSync.TestSupport.Network;
using ExternalEndpointSync.TestSupport.Servers;

namespace ExternalEndpointSync.Tests.Worker;

/// <summary>
/// Followers do not probe: two real <c>run</c> processes and a health-checked service on a test
/// host; only the leader's probe counter grows, the follower's starts once it has taken over.
/// </summary>
public sealed class FollowerProbingTests : SyncWorldTest
{
    private const string Probes = "external_endpoint_sync_probes_total";

    [Fact]
    public async Task Only_the_leader_process_probes_and_the_other_starts_probing_when_it_takes_over()
    {
        await using var host = await TestHost.CreateAsync();
        await using var redis = await RedisServer.StartAsync(host.Address, commandPrefix: host.CommandPrefix);
        var config = World.WriteConfig(HealthCheckedService.Entry("cache", [host.Address], redis.Port, "{ type: tcp, interval: 1s, timeout: 500ms }"));
        string[] timings = ["--lease-duration", "5s", "--renew-deadline", "4s", "--retry-period", "200ms"];
        await using var a = Start("probe-a", config, timings);
        await using var b = Start("probe-b", config, timings);
        await Eventually.WaitAsync(() => HeldBy(a) || HeldBy(b), "one process leads", () => a.Logs + b.Logs);
        var (leader, follower) = HeldBy(a) ? (a, b) : (b, a);

        // Three probe rounds of the leader, while the follower is ready (its cache synced) the whole time.
        await Eventually.WaitAsync(
            async () => await ReadyAsync(follower) && await ProbesAsync(leader) >= 3 && HealthCheckedService.Conditions(World, "cache").Count == 1,
            "the leader probed three times and published the address; the follower is ready",
            () => a.Logs + b.Logs);
        Assert.Equal(HealthCheckedService.Up, HealthCheckedService.Conditions(World, "cache")[host.Address.ToString()]);
        Assert.Equal(0, await ProbesAsync(follower));

        Assert.Equal(ExitCodes.Success, await leader.TerminateAsync());
        await Eventually.WaitAsync(() => HeldBy(follower), "the other process takes the lease over", () => follower.Logs);
        await Eventually.WaitAsync(async () => await ProbesAsync(follower) >= 2, "the new leader probes", () => follower.Logs);
    }

    private static async Task<double> ProbesAsync(WorkerProcess worker)
    {
        using var response = await worker.GetAsync("/metrics");
        return MetricsExposition.Sum(await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync(), Probes, ("type", "tcp"));
    }

    /// <summary>Ready, and so serving: a process that has not opened its port yet is not.</summary>
    private static async Task<bool> ReadyAsync(WorkerProcess worker)
    {
        try
        {
            using var response = await worker.GetAsync("/readyz");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private WorkerProcess Start(string podName, string config, string[] timings) =>
        WorkerProcess.Start(podName, config, World.PodKubeconfig(podName), WorkerWorld.LeaseNamespace, timings);

    private bool HeldBy(WorkerProcess worker) => WorkerWorld.Holder(World).StartsWith(worker.PodName + "_", StringComparison.Ordinal);
}
