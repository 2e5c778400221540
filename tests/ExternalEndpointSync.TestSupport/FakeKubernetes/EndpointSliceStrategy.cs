using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>discovery.k8s.io/v1 EndpointSlice: <c>ValidateEndpointSlice</c> and its update rules.</summary>
internal sealed class EndpointSliceStrategy : ResourceStrategy
{
    public const int MaxEndpoints = 1000;
    public const int MaxAddresses = 100;
    public const int MaxPorts = 20000;
    private static readonly string[] AddressTypes = ["IPv4", "IPv6", "FQDN"];

    public override IReadOnlyList<string> ValidateName(string name, bool prefix) => NameRules.Check(NameRules.Dns1123Subdomain, name, prefix);

    public override IReadOnlyList<TableColumn> PrintColumns { get; } =
    [
        new("AddressType", "The type of addresses contained in the EndpointSlice.", o => o.StringOrNull("addressType") ?? string.Empty),
        new("Ports", "Ports contained in the EndpointSlice.", o => o.ArrayOrNull("ports") is { Count: > 0 } ports
            ? string.Join(",", ports.Select(p => p.IntegerOrNull("port")?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "<unset>"))
            : "<unset>"),
        new("Endpoints", "Endpoints contained in the EndpointSlice.", o => TableText.FirstThree((o.ArrayOrNull("endpoints") ?? []).SelectMany(e => e.ArrayOrNull("addresses").Strings()).ToList(), "<unset>")),
    ];

    public override void PrepareForCreate(JsonObject obj, StrategyContext context) => DefaultPorts(obj);

    public override void PrepareForUpdate(JsonObject obj, JsonObject old, StrategyContext context) => DefaultPorts(obj);

    /// <summary>The EndpointSlice strategy also bumps the generation when only labels change.</summary>
    public override bool ChangesGeneration(JsonObject obj, JsonObject old) =>
        base.ChangesGeneration(obj, old)
        || !JsonNode.DeepEquals(obj.Metadata()["labels"] ?? new JsonObject(), old.Metadata()["labels"] ?? new JsonObject());

    public override IEnumerable<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var addressType = obj.StringOrNull("addressType");
        if (string.IsNullOrEmpty(addressType))
        {
            errors.Add(FieldError.Required("addressType"));
        }
        else if (!AddressTypes.Contains(addressType))
        {
            errors.Add(FieldError.NotSupported("addressType", obj["addressType"], AddressTypes));
        }

        var endpoints = obj.ArrayOrNull("endpoints") ?? [];
        if (endpoints.Count > MaxEndpoints)
        {
            errors.Add(FieldError.TooMany("endpoints", endpoints.Count, MaxEndpoints));
        }

        for (var i = 0; i < endpoints.Count; i++)
        {
            errors.AddRange(Endpoint(endpoints[i] as JsonObject ?? [], $"endpoints[{i}]", addressType));
        }

        errors.AddRange(Ports(obj.ArrayOrNull("ports") ?? []));
        return errors;
    }

    public override IEnumerable<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        foreach (var error in Validate(obj))
        {
            yield return error;
        }

        if (obj.StringOrNull("addressType") != old.StringOrNull("addressType"))
        {
            yield return FieldError.Invalid("addressType", obj["addressType"], "field is immutable");
        }
    }

    /// <summary>endpoints and ports have no omitempty and etcd keeps no empty lists: an empty list reads back as null.</summary>
    public override void Canonicalize(JsonObject obj)
    {
        foreach (var list in new[] { "endpoints", "ports" })
        {
            if (obj[list] is not JsonArray { Count: > 0 })
            {
                obj[list] = null;
            }
        }
    }

    public override IEnumerable<string> Warnings(JsonObject obj) =>
        obj.StringOrNull("addressType") == "FQDN"
            ? ["addressType FQDN is deprecated and will be removed in a future release; kube-proxy ignores FQDN EndpointSlices"]
            : [];

    private static IEnumerable<FieldError> Endpoint(JsonObject endpoint, string path, string? addressType)
    {
        var addresses = endpoint.ArrayOrNull("addresses").Strings();
        if (addresses.Count == 0)
        {
            yield return FieldError.Required($"{path}.addresses", "must contain at least 1 address");
        }
        else if (addresses.Count > MaxAddresses)
        {
            yield return FieldError.TooMany($"{path}.addresses", addresses.Count, MaxAddresses);
        }

        for (var a = 0; a < addresses.Count; a++)
        {
            foreach (var error in Address($"{path}.addresses[{a}]", addresses[a], addressType))
            {
                yield return error;
            }
        }

        if (endpoint.StringOrNull("hostname") is { } hostname)
        {
            foreach (var error in NameRules.Field(NameRules.Dns1123Label, $"{path}.hostname", hostname))
            {
                yield return error;
            }
        }

        if (endpoint.StringOrNull("nodeName") is { } nodeName)
        {
            foreach (var error in NameRules.Field(NameRules.Dns1123Subdomain, $"{path}.nodeName", nodeName))
            {
                yield return error;
            }
        }
    }

    private static IEnumerable<FieldError> Address(string path, string address, string? addressType)
    {
        switch (addressType)
        {
            case "IPv4":
            case "IPv6":
                var family = addressType == "IPv4" ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
                var ip = SpecialAddressRules.ParseIp(address);
                if (ip is null || SpecialAddressRules.FamilyOf(ip) != family)
                {
                    return [FieldError.Invalid(path, JsonValue.Create(address), $"must be a valid {addressType} address")];
                }

                return PortRules.EndpointIp(path, address);
            case "FQDN":
                return NameRules.FullyQualifiedDomainName(path, address);
            default:
                return [];
        }
    }

    private static IEnumerable<FieldError> Ports(JsonArray ports)
    {
        if (ports.Count > MaxPorts)
        {
            yield return FieldError.TooMany("ports", ports.Count, MaxPorts);
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            var path = $"ports[{i}]";
            var port = ports[i] as JsonObject ?? [];
            var name = port.StringOrNull("name") ?? string.Empty;
            if (name.Length > 0)
            {
                foreach (var error in NameRules.Field(NameRules.Dns1123Label, $"{path}.name", name))
                {
                    yield return error;
                }
            }

            if (!names.Add(name))
            {
                yield return FieldError.Duplicate($"{path}.name", JsonNodeExtensions.Quote(name));
            }

            foreach (var error in PortRules.Number(port, path, required: false).Concat(PortRules.Protocol(port, path)).Concat(PortRules.AppProtocol(port, path)))
            {
                yield return error;
            }
        }
    }

    private static void DefaultPorts(JsonObject obj)
    {
        foreach (var port in (obj.ArrayOrNull("ports") ?? []).OfType<JsonObject>())
        {
            if (port["name"] is null)
            {
                port["name"] = string.Empty;
            }

            if (port["protocol"] is null)
            {
                port["protocol"] = "TCP";
            }
        }
    }
}
