using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Planning;

/// <summary>
/// The packed form the API server stores for v1 Endpoints, after Kubernetes' <c>RepackSubsets</c>
/// (<c>pkg/api/v1/endpoints/util.go</c>): addresses de-duplicated by IP (and targetRef uid), each
/// port mapped to the addresses offering it (not-ready wins over ready for the same port), then
/// ports offered by exactly the same addresses with the same readiness merged into one subset.
/// Addresses are sorted as Kubernetes sorts them, by the bytes of the IP text.
/// <para>
/// Two deliberate differences: Kubernetes orders ports and subsets by an MD5 of Go's debug
/// printing (stable but meaningless), here they are ordered by their content; and ports are
/// compared by value where Go compares the <c>appProtocol</c> pointer. Neither changes what a
/// diff sees, because <see cref="SamePacked"/> repacks both sides before comparing.
/// </para>
/// </summary>
internal static class EndpointsPacker
{
    public static IList<V1EndpointSubset>? Repack(IEnumerable<V1EndpointSubset>? subsets)
    {
        var addresses = new Dictionary<string, V1EndpointAddress>(StringComparer.Ordinal);
        var readinessByPort = new Dictionary<string, (Corev1EndpointPort? Port, Dictionary<string, bool> Ready)>(StringComparer.Ordinal);

        foreach (var subset in subsets ?? [])
        {
            IEnumerable<Corev1EndpointPort?> ports = subset.Ports is { Count: > 0 } declared ? declared : [null];
            foreach (var port in ports)
            {
                var portKey = port is null ? "" : PortKey(port);
                if (!readinessByPort.TryGetValue(portKey, out var entry))
                {
                    entry = (port, new Dictionary<string, bool>(StringComparer.Ordinal));
                    readinessByPort.Add(portKey, entry);
                }

                Map(subset.Addresses, ready: true, addresses, entry.Ready);
                Map(subset.NotReadyAddresses, ready: false, addresses, entry.Ready);
            }
        }

        var packed = readinessByPort.Values
            .GroupBy(entry => string.Join(',', entry.Ready.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}")), StringComparer.Ordinal)
            .Select(group =>
            {
                var ready = group.First().Ready;
                return new V1EndpointSubset
                {
                    Addresses = SortedAddresses(ready.Where(pair => pair.Value).Select(pair => addresses[pair.Key])),
                    NotReadyAddresses = SortedAddresses(ready.Where(pair => !pair.Value).Select(pair => addresses[pair.Key])),
                    Ports = group.Select(entry => entry.Port).OfType<Corev1EndpointPort>().OrderBy(PortKey, StringComparer.Ordinal).ToList() is { Count: > 0 } ports ? ports : null,
                };
            })
            .Where(subset => subset.Addresses is not null || subset.NotReadyAddresses is not null)
            .OrderBy(SubsetKey, StringComparer.Ordinal)
            .ToList();
        return packed.Count == 0 ? null : packed;
    }

    /// <summary>True when both lists pack to the same subsets: what the server would store is the same.</summary>
    public static bool SamePacked(IEnumerable<V1EndpointSubset>? current, IEnumerable<V1EndpointSubset>? desired) =>
        KubernetesJson.Serialize(Repack(current) ?? []) == KubernetesJson.Serialize(Repack(desired) ?? []);

    private static void Map(IEnumerable<V1EndpointAddress>? source, bool ready, Dictionary<string, V1EndpointAddress> addresses, Dictionary<string, bool> readiness)
    {
        foreach (var address in source ?? [])
        {
            var key = $"{address.Ip}/{address.TargetRef?.Uid}";
            addresses.TryAdd(key, address with { });
            if (!readiness.TryGetValue(key, out var wasReady) || wasReady)
            {
                readiness[key] = ready;
            }
        }
    }

    private static List<V1EndpointAddress>? SortedAddresses(IEnumerable<V1EndpointAddress> addresses)
    {
        var sorted = addresses
            .OrderBy(address => address.Ip, StringComparer.Ordinal)
            .ThenBy(address => address.TargetRef?.Uid ?? "", StringComparer.Ordinal)
            .ToList();
        return sorted.Count == 0 ? null : sorted;
    }

    private static string PortKey(Corev1EndpointPort port) =>
        $"{port.Name}:{port.Port:D5}/{port.Protocol ?? "TCP"}/{port.AppProtocol}";

    private static string SubsetKey(V1EndpointSubset subset) =>
        string.Join(',', subset.Ports?.Select(PortKey) ?? [])
        + "#" + string.Join(',', subset.Addresses?.Select(address => address.Ip) ?? [])
        + "#" + string.Join(',', subset.NotReadyAddresses?.Select(address => address.Ip) ?? []);
}
