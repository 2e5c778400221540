using System.Net;
using ExternalEndpointSync.Tests.EndToEnd;
using ExternalEndpointSync.TestSupport.Servers;

namespace ExternalEndpointSync.Tests.Worker;

/// <summary><c>/healthz</c> and <c>/readyz</c> of <c>run</c>, for a leader, a follower and a replica that cannot reach the API server.</summary>
public sealed class ProbeEndpointTests : SyncWorldTest
{
    [Fact]
    public async Task Leader_and_follower_are_live_and_ready_the_follower_without_ever_syncing()
    {
        var config = WorkerWorld.WriteConfig(World);
        await using var a = WorkerReplica.Start("replica-a", config, World.Kubeconfig);
        await using var b = WorkerReplica.Start("replica-b", config, World.Kubeconfig);
        await Eventually.WaitAsync(() => WorkerWorld.Leader(World, a, b) is { Status.FirstSyncDone: true }, "a replica leads and has synced", () => a.Logs + b.Logs);
        var leader = WorkerWorld.Leader(World, a, b)!;
        var follower = leader == a ? b : a;
        await Eventually.WaitAsync(() => follower.Status.ApiContacted, "the follower has read the lease", () => follower.Logs);

        foreach (var replica in new[] { leader, follower })
        {
            using var health = await replica.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        using var leaderReady = await leader.GetAsync("/readyz");
        using var followerReady = await follower.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, leaderReady.StatusCode);
        Assert.Equal("ok: leading\n", await leaderReady.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, followerReady.StatusCode);
        Assert.Equal("ok: following\n", await followerReady.Content.ReadAsStringAsync());
        Assert.False(follower.Status.FirstSyncDone);
    }

    [Fact]
    public async Task Without_an_API_server_the_replica_is_live_but_not_ready()
    {
        var config = WorkerWorld.WriteConfig(World);
        var nowhere = Path.Combine(Path.GetDirectoryName(config)!, "nowhere.kubeconfig");
        var closedPort = Ports.FreeOn(IPAddress.Loopback);
        await File.WriteAllTextAsync(nowhere, File.ReadAllText(World.Kubeconfig).Replace(World.Api.BaseAddress.GetLeftPart(UriPartial.Authority), $"http://127.0.0.1:{closedPort}", StringComparison.Ordinal));
        await using var a = WorkerReplica.Start("replica-a", config, nowhere);

        await Eventually.WaitAsync(
            async () =>
            {
                try
                {
                    using var health = await a.GetAsync("/healthz");
                    return health.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            "the probe port answers",
            () => a.Logs);
        using var ready = await a.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("not ready: the API server has not answered yet\n", await ready.Content.ReadAsStringAsync());
        Assert.False(a.Exited.IsCompleted, a.Logs);
    }
}
