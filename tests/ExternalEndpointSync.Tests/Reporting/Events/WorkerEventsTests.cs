using ExternalEndpointSync.Tests.EndToEnd;
using ExternalEndpointSync.Tests.Worker;
using k8s.Models;

namespace ExternalEndpointSync.Tests.Reporting.Events;

/// <summary>Under <c>run</c> only the leader writes Events, as its Lease identity, and a repeated fact becomes one series.</summary>
public sealed class WorkerEventsTests : SyncWorldTest
{
    [Fact]
    public async Task Two_replicas_write_one_conflict_series_as_the_leader()
    {
        World.Api.Store.Seed(new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new V1ObjectMeta { Name = "taken", NamespaceProperty = "web", Labels = new Dictionary<string, string> { ["team"] = "theirs" } },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 5432 }], Selector = new Dictionary<string, string> { ["app"] = "db" } },
        });
        var config = World.WriteConfig(SyncWorld.StaticService("taken", ["192.0.2.10"], "web", "    resyncInterval: 1s\n"));
        await using var a = WorkerReplica.Start("replica-a", config, World.Kubeconfig);
        await using var b = WorkerReplica.Start("replica-b", config, World.Kubeconfig);

        // Every resync finds the conflict again: the second occurrence turns the Event into a series at once.
        await Eventually.WaitAsync(
            () => World.Api.Store.List<Eventsv1Event>("web").Any(e => e.Series?.Count >= 2),
            "the conflict is recorded as a series",
            () => a.Logs + b.Logs);

        var recorded = Assert.Single(World.Api.Store.List<Eventsv1Event>("web"));
        Assert.Equal("Conflict", recorded.Reason);
        Assert.Equal(WorkerWorld.Holder(World), recorded.ReportingInstance);
        Assert.Equal(World.Api.Store.Get<V1Service>("web", "taken")!.Metadata.Uid, recorded.Regarding.Uid);
        Assert.Equal(1, World.Api.Writes.Count("create", "events"));
    }
}
