using System.Text;
using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// The API server's <c>endpoints.RepackSubsets</c>, run on every Endpoints write: addresses are
/// expanded per port, de-duplicated by IP (+ targetRef.uid), a not-ready occurrence wins over a
/// ready one, addresses offering the same ports are grouped into one subset, subsets without
/// ports keep their addresses, and addresses are sorted by the bytes of their IP string (so
/// "10.0.0.10" sorts before "10.0.0.9"), then targetRef.uid.
/// Kubernetes orders ports and subsets by an MD5 hash of their Go representation, an order no
/// client can rely on; the fake sorts ports by (name, port, protocol) and subsets by their first
/// address, which is equally arbitrary for clients but reproducible.
/// </summary>
internal static class EndpointsRepacker
{
    private const string NoPortsSentinel = "\u0000no-ports";

    public static JsonArray Repack(JsonArray? subsets)
    {
        var addresses = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var readyByPort = new Dictionary<string, (JsonObject? Port, Dictionary<string, bool> Ready)>(StringComparer.Ordinal);

        foreach (var subset in (subsets ?? []).OfType<JsonObject>())
        {
            var ports = subset.ArrayOrNull("ports")?.OfType<JsonObject>().ToList() ?? [];
            var portEntries = ports.Count == 0
                ? [(NoPortsSentinel, (JsonObject?)null)]
                : ports.Select(p => (PortKey(p), (JsonObject?)p)).ToList();
            foreach (var (portKey, port) in portEntries)
            {
                if (!readyByPort.TryGetValue(portKey, out var entry))
                {
                    entry = (port, new Dictionary<string, bool>(StringComparer.Ordinal));
                    readyByPort[portKey] = entry;
                }

                Map(subset.ArrayOrNull("addresses"), ready: true, addresses, entry.Ready);
                Map(subset.ArrayOrNull("notReadyAddresses"), ready: false, addresses, entry.Ready);
            }
        }

        var groups = new Dictionary<string, (Dictionary<string, bool> Ready, List<JsonObject> Ports)>(StringComparer.Ordinal);
        foreach (var (_, (port, ready)) in readyByPort)
        {
            var groupKey = string.Join("\n", ready.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"));
            if (!groups.TryGetValue(groupKey, out var group))
            {
                group = (ready, []);
                groups[groupKey] = group;
            }

            if (port is not null)
            {
                group.Ports.Add(port);
            }
        }

        var result = new List<JsonObject>();
        foreach (var (ready, ports) in groups.Values)
        {
            var subset = new JsonObject();
            var readyList = ready.Where(a => a.Value).Select(a => a.Key).Order(StringComparer.Ordinal).ToList();
            var notReadyList = ready.Where(a => !a.Value).Select(a => a.Key).Order(StringComparer.Ordinal).ToList();
            if (readyList.Count > 0)
            {
                subset["addresses"] = new JsonArray(readyList.Select(k => (JsonNode)addresses[k].CloneObject()).ToArray());
            }

            if (notReadyList.Count > 0)
            {
                subset["notReadyAddresses"] = new JsonArray(notReadyList.Select(k => (JsonNode)addresses[k].CloneObject()).ToArray());
            }

            if (ports.Count > 0)
            {
                subset["ports"] = new JsonArray(ports
                    .OrderBy(p => p.StringOrNull("name") ?? string.Empty, StringComparer.Ordinal)
                    .ThenBy(p => p.IntegerOrNull("port") ?? 0)
                    .ThenBy(p => p.StringOrNull("protocol") ?? string.Empty, StringComparer.Ordinal)
                    .Select(p => (JsonNode)p.CloneObject()).ToArray());
            }

            result.Add(subset);
        }

        return new JsonArray(result
            .OrderBy(FirstAddressKey, StringComparer.Ordinal)
            .Select(s => (JsonNode)s).ToArray());
    }

    private static void Map(JsonArray? list, bool ready, Dictionary<string, JsonObject> addresses, Dictionary<string, bool> readyByAddress)
    {
        foreach (var address in (list ?? []).OfType<JsonObject>())
        {
            var key = AddressKey(address);
            addresses.TryAdd(key, address);
            if (!readyByAddress.TryGetValue(key, out var wasReady) || wasReady)
            {
                readyByAddress[key] = ready;
            }
        }
    }

    // The IP string first, then the uid, joined so that ordinal order equals Kubernetes' byte order.
    private static string AddressKey(JsonObject address) =>
        (address.StringOrNull("ip") ?? string.Empty) + "\u0000" + (address.ObjectOrNull("targetRef").StringOrNull("uid") ?? string.Empty);

    private static string PortKey(JsonObject port)
    {
        var key = new StringBuilder();
        key.Append(port.StringOrNull("name")).Append('\u0000')
            .Append(port.IntegerOrNull("port")).Append('\u0000')
            .Append(port.StringOrNull("protocol")).Append('\u0000')
            .Append(port.StringOrNull("appProtocol"));
        return key.ToString();
    }

    private static string FirstAddressKey(JsonObject subset)
    {
        var first = (subset.ArrayOrNull("addresses") ?? subset.ArrayOrNull("notReadyAddresses"))?.FirstOrDefault() as JsonObject;
        return first is null ? string.Empty : AddressKey(first);
    }
}
