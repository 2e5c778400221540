using ExternalEndpointSync.Model;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Planning;

/// <summary>
/// The changes for one registration, in the order they must be applied: a Service delete that a
/// type change needs, then the Service create/update, then EndpointSlice creates, updates and
/// deletes, then legacy Endpoints. For a registration that is gone, dependents are deleted
/// before the Service. When this plan creates the Service, its EndpointSlices carry an
/// ownerReference with an empty uid: the applier fills it in once the Service exists (see <see cref="SliceOwner"/>).
/// </summary>
public sealed record ServicePlan
{
    public required ServiceKey Key { get; init; }

    public IReadOnlyList<ObjectChange> Changes { get; init; } = [];

    /// <summary>Every object owned for this registration once the changes are applied (for <c>--output yaml</c>).</summary>
    public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Desired { get; init; } = [];

    public IReadOnlyList<DroppedAddress> Dropped { get; init; } = [];

    /// <summary>Address families the Service does not serve, whose addresses were not published.</summary>
    public IReadOnlyList<UnservedFamily> Unserved { get; init; } = [];

    /// <summary>
    /// How many addresses the legacy Endpoints had before they were capped at
    /// <see cref="EndpointsCapacity.MaxAddresses"/>; null when they were not capped.
    /// </summary>
    public int? EndpointsTruncatedFrom { get; init; }

    /// <summary>Owned objects that are already as desired.</summary>
    public int Unchanged { get; init; }

    /// <summary>The registration no longer exists; its objects are deleted (sync) or kept (other policies).</summary>
    public bool Removed { get; init; }

    /// <summary>The source had nothing trustworthy, so nothing of this service was planned.</summary>
    public bool Held { get; init; }
}
