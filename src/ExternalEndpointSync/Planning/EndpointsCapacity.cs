using k8s.Models;

namespace ExternalEndpointSync.Planning;

/// <summary>
/// The cap Kubernetes' Endpoints controller puts on a v1 Endpoints object (<c>truncateEndpoints</c>
/// in pkg/controller/endpoint/endpoints_controller.go): at most 1000 addresses, marked with
/// <c>endpoints.kubernetes.io/over-capacity: truncated</c>. Not-ready addresses go first; when the
/// ready ones alone are over the cap, every not-ready address goes and the ready ones are cut.
/// Each subset keeps its share of the cap (rounded up, the last subset takes what is left), and
/// within a subset the first addresses in packed (sorted) order stay. EndpointSlices are never capped.
/// </summary>
internal static class EndpointsCapacity
{
    public const int MaxAddresses = 1000;
    public const string OverCapacityAnnotation = "endpoints.kubernetes.io/over-capacity";
    public const string Truncated = "truncated";

    /// <summary>Caps packed subsets; returns them as they are when they are within the cap.</summary>
    public static IList<V1EndpointSubset>? Truncate(IList<V1EndpointSubset>? subsets, out int addresses)
    {
        var totalReady = subsets?.Sum(static s => s.Addresses?.Count ?? 0) ?? 0;
        var totalNotReady = subsets?.Sum(static s => s.NotReadyAddresses?.Count ?? 0) ?? 0;
        addresses = totalReady + totalNotReady;
        if (subsets is null || addresses <= MaxAddresses)
        {
            return subsets;
        }

        var truncateReady = totalReady > MaxAddresses;
        var max = truncateReady ? MaxAddresses : MaxAddresses - totalReady;
        var total = truncateReady ? totalReady : totalNotReady;
        var canBeAdded = max;
        var capped = new List<V1EndpointSubset>(subsets.Count);
        for (var i = 0; i < subsets.Count; i++)
        {
            var subset = subsets[i];
            var inSubset = (truncateReady ? subset.Addresses : subset.NotReadyAddresses)?.Count ?? 0;
            var toBeAdded = i == subsets.Count - 1 ? canBeAdded : (int)Math.Ceiling((double)inSubset / total * max);
            toBeAdded = Math.Min(toBeAdded, canBeAdded);
            var copy = subset with { };
            if (truncateReady)
            {
                copy.Addresses = First(subset.Addresses, toBeAdded);
                copy.NotReadyAddresses = null;
                canBeAdded -= copy.Addresses?.Count ?? 0;
            }
            else
            {
                copy.NotReadyAddresses = First(subset.NotReadyAddresses, toBeAdded);
                canBeAdded -= copy.NotReadyAddresses?.Count ?? 0;
            }

            capped.Add(copy);
        }

        // A subset left without addresses is invalid; repacking drops it, as the server would store it.
        return EndpointsPacker.Repack(capped);
    }

    private static List<V1EndpointAddress>? First(IList<V1EndpointAddress>? addresses, int count) =>
        addresses is null || count <= 0 ? null : [.. addresses.Take(count)];
}
