using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>core/v1 Endpoints: <c>ValidateEndpoints</c>, then re-packing of the subsets on every write.</summary>
internal sealed class EndpointsStrategy : ResourceStrategy
{
    public override IReadOnlyList<string> ValidateName(string name, bool prefix) => NameRules.Check(NameRules.Dns1123Subdomain, name, prefix);

    public override IReadOnlyList<TableColumn> PrintColumns { get; } =
    [
        new("Endpoints", "Endpoints of the Endpoints object.", o => TableText.FirstThree(
            (o.ArrayOrNull("subsets") ?? []).SelectMany(s =>
            {
                var ips = (s.ArrayOrNull("addresses") ?? []).Select(a => a.StringOrNull("ip") ?? string.Empty).ToList();
                var ports = (s.ArrayOrNull("ports") ?? []).Select(p => p.IntegerOrNull("port")).ToList();
                return ports.Count == 0 ? ips : ips.SelectMany(ip => ports.Select(port => ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]:{port}" : $"{ip}:{port}"));
            }).ToList(), "<none>")),
    ];

    public override void PrepareForCreate(JsonObject obj, StrategyContext context) => DefaultPorts(obj);

    public override void PrepareForUpdate(JsonObject obj, JsonObject old, StrategyContext context) => DefaultPorts(obj);

    public override IEnumerable<FieldError> Validate(JsonObject obj)
    {
        var subsets = obj.ArrayOrNull("subsets") ?? [];
        for (var s = 0; s < subsets.Count; s++)
        {
            var path = $"subsets[{s}]";
            var subset = subsets[s] as JsonObject ?? [];
            var ready = subset.ArrayOrNull("addresses") ?? [];
            var notReady = subset.ArrayOrNull("notReadyAddresses") ?? [];
            if (ready.Count == 0 && notReady.Count == 0)
            {
                yield return FieldError.Required(path, "must specify `addresses` or `notReadyAddresses`");
            }

            foreach (var error in Addresses(ready, $"{path}.addresses").Concat(Addresses(notReady, $"{path}.notReadyAddresses")))
            {
                yield return error;
            }

            var ports = subset.ArrayOrNull("ports") ?? [];
            for (var p = 0; p < ports.Count; p++)
            {
                var portPath = $"{path}.ports[{p}]";
                var port = ports[p] as JsonObject ?? [];
                var name = port.StringOrNull("name") ?? string.Empty;
                if (ports.Count > 1 && name.Length == 0)
                {
                    yield return FieldError.Required($"{portPath}.name");
                }
                else if (name.Length > 0)
                {
                    foreach (var error in NameRules.Field(NameRules.Dns1123Label, $"{portPath}.name", name))
                    {
                        yield return error;
                    }
                }

                foreach (var error in PortRules.Number(port, portPath, required: true).Concat(PortRules.Protocol(port, portPath)).Concat(PortRules.AppProtocol(port, portPath)))
                {
                    yield return error;
                }
            }
        }
    }

    public override void Canonicalize(JsonObject obj)
    {
        var packed = EndpointsRepacker.Repack(obj.ArrayOrNull("subsets"));
        if (packed.Count == 0)
        {
            obj.Remove("subsets");
        }
        else
        {
            obj["subsets"] = packed;
        }
    }

    private static IEnumerable<FieldError> Addresses(JsonArray addresses, string path)
    {
        for (var i = 0; i < addresses.Count; i++)
        {
            var address = addresses[i] as JsonObject ?? [];
            foreach (var error in PortRules.EndpointIp($"{path}[{i}].ip", address.StringOrNull("ip") ?? string.Empty))
            {
                yield return error;
            }

            if (address.StringOrNull("hostname") is { Length: > 0 } hostname)
            {
                foreach (var error in NameRules.Field(NameRules.Dns1123Label, $"{path}[{i}].hostname", hostname))
                {
                    yield return error;
                }
            }

            if (address.StringOrNull("nodeName") is { Length: > 0 } nodeName)
            {
                foreach (var error in NameRules.Field(NameRules.Dns1123Subdomain, $"{path}[{i}].nodeName", nodeName))
                {
                    yield return error;
                }
            }
        }
    }

    private static void DefaultPorts(JsonObject obj)
    {
        foreach (var subset in (obj.ArrayOrNull("subsets") ?? []).OfType<JsonObject>())
        {
            foreach (var port in (subset.ArrayOrNull("ports") ?? []).OfType<JsonObject>())
            {
                if (string.IsNullOrEmpty(port.StringOrNull("protocol")))
                {
                    port["protocol"] = "TCP";
                }
            }
        }
    }
}
