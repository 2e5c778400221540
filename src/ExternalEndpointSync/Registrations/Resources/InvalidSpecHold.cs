using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;
using k8s.Models;

namespace ExternalEndpointSync.Registrations.Resources;

/// <summary>
/// The owned objects as the leader's syncs see them, without those an ExternalService published
/// before its spec became invalid when this process never saw that valid spec (after a restart,
/// it cannot know what to keep serving): its Service (a controller ownerReference to the object's
/// uid says it is its own), slices and Endpoints are neither planned, nor updated, nor taken for
/// orphans, until the spec is valid again or the object is gone. An object that never had a valid
/// spec published nothing, so nothing is held for it; nor is a Service the config file registers, which the file wins.
/// </summary>
public sealed class InvalidSpecHold(IClusterStateSource cluster, ExternalServiceRegistrations registrations, Func<ServiceKey, bool> registeredByFile)
    : IClusterStateSource
{
    public async Task<ClusterState> ReadAsync(string ownerId, CancellationToken cancellationToken)
    {
        var state = await cluster.ReadAsync(ownerId, cancellationToken);
        var held = state.Services.Where(Holds).Select(static s => ClusterState.ServiceOf(s)!.Value).ToHashSet();
        return held.Count == 0 ? state : state.Except(held);
    }

    /// <summary>Whether <paramref name="service"/> and what belongs to it are held as they are.</summary>
    public bool Holds(V1Service service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var key = ClusterState.ServiceOf(service)!.Value;
        return registrations.InvalidWithoutLastValid(key) is { Metadata.Uid: { Length: > 0 } uid }
            && service.Metadata.OwnerReferences?.Any(r => r.Controller == true && ExternalServiceKind.IsReferenceToOne(r) && r.Uid == uid) == true
            && !registeredByFile(key);
    }
}
