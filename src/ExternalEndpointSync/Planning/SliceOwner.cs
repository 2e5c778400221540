using ExternalEndpointSync.Model;
using k8s.Models;

namespace ExternalEndpointSync.Planning;

/// <summary>
/// The ownerReference every EndpointSlice carries to its Service, and the contract for a Service
/// created in the same plan: its uid is not known when planning, so the slices of that plan carry
/// <see cref="PendingUid"/> and the applier, after creating the Service, calls
/// <see cref="BindOwner"/> on every later slice of the same <see cref="ServicePlan"/>.
/// </summary>
public static class SliceOwner
{
    /// <summary>The uid of an ownerReference whose Service is created by the same plan.</summary>
    public const string PendingUid = "";

    public static V1OwnerReference Reference(string serviceName, string serviceUid) => new()
    {
        ApiVersion = WrittenKind.Service.ApiVersion,
        Kind = WrittenKind.Service.Kind,
        Name = serviceName,
        Uid = serviceUid,
        Controller = true,
        BlockOwnerDeletion = true,
    };

    /// <summary>True when the slice still waits for the uid of a Service created in the same plan.</summary>
    public static bool HasPendingOwner(V1EndpointSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        return slice.Metadata?.OwnerReferences?.Any(IsPending) == true;
    }

    /// <summary>
    /// Points the slice's Service ownerReference at <paramref name="serviceUid"/>: the Service just
    /// created, or re-created because it was deleted since it was listed (a reference to the old
    /// uid would let the garbage collector delete the slice).
    /// </summary>
    public static void BindOwner(V1EndpointSlice slice, string serviceUid)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentException.ThrowIfNullOrEmpty(serviceUid);
        foreach (var reference in slice.Metadata?.OwnerReferences ?? [])
        {
            if (IsService(reference))
            {
                reference.Uid = serviceUid;
            }
        }
    }

    internal static bool Matches(IList<V1OwnerReference>? current, V1OwnerReference desired) =>
        current is [var only]
        && only.ApiVersion == desired.ApiVersion
        && only.Kind == desired.Kind
        && only.Name == desired.Name
        && (only.Uid ?? PendingUid) == desired.Uid
        && only.Controller == desired.Controller
        && only.BlockOwnerDeletion == desired.BlockOwnerDeletion;

    private static bool IsPending(V1OwnerReference reference) => IsService(reference) && string.IsNullOrEmpty(reference.Uid);

    private static bool IsService(V1OwnerReference reference) => reference.Kind == WrittenKind.Service.Kind && reference.ApiVersion == WrittenKind.Service.ApiVersion;
}
