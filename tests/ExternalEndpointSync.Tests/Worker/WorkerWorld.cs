using ExternalEndpointSync.Tests.EndToEnd;
using k8s.Models;

namespace ExternalEndpointSync.Tests.Worker;

/// <summary>What the worker tests share: one static service re-synced every second, and the Lease as the fake stores it.</summary>
public static class WorkerWorld
{
    public const string LeaseName = "external-endpoint-sync";

    /// <summary>The namespace of deploy/: the leader-election Role of deploy/overlays/worker grants leases there only.</summary>
    public const string LeaseNamespace = "external-endpoint-sync";

    /// <summary>A one-second resync, so a leader that keeps running repairs a deleted slice within a second.</summary>
    public static string WriteConfig(SyncWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        return world.WriteConfig(SyncWorld.StaticService("legacy-api", ["192.0.2.10", "192.0.2.11"], "web", "    resyncInterval: 1s\n"));
    }

    public static V1Lease? Lease(SyncWorld world) => world.Api.Store.Get<V1Lease>(LeaseNamespace, LeaseName);

    public static string Holder(SyncWorld world) => Lease(world)?.Spec.HolderIdentity ?? string.Empty;

    /// <summary>The replica whose pod name the Lease's holder identity carries, if any.</summary>
    public static WorkerReplica? Leader(SyncWorld world, params WorkerReplica[] replicas) =>
        replicas.SingleOrDefault(r => Holder(world).StartsWith(r.PodName + "_", StringComparison.Ordinal));
}
