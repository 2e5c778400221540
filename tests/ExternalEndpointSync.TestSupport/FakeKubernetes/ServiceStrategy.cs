using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// core/v1 Service: defaults, <c>ValidateService</c>/<c>ValidateServiceUpdate</c>, cluster IP
/// allocation from a dual-stack fake cluster (IPv4 primary), the registry's type-change rules, and
/// deletion of the same-named Endpoints.
/// Type changes follow <c>dropTypeDependentFields</c>: switching to ExternalName clears clusterIP(s),
/// ipFamilies and ipFamilyPolicy when the request left them as they were (so a read-modify-write
/// succeeds and the IPs are released); sending a different clusterIP with ExternalName is 422
/// Forbidden. Switching from ExternalName allocates a new IP. NodePort and LoadBalancer are accepted,
/// but node ports are not allocated.
/// </summary>
internal sealed partial class ServiceStrategy : ResourceStrategy
{
    private static readonly string[] Types = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];
    private static readonly string[] Policies = ["SingleStack", "PreferDualStack", "RequireDualStack"];
    private static readonly string[] Families = ["IPv4", "IPv6"];

    public ServiceStrategy(ClusterIpAllocator ipv4, ClusterIpAllocator ipv6)
    {
        IPv4 = ipv4;
        IPv6 = ipv6;
    }

    public ClusterIpAllocator IPv4 { get; }

    public ClusterIpAllocator IPv6 { get; }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex PortNamePattern();

    public override IReadOnlyList<string> ValidateName(string name, bool prefix) => NameRules.Check(NameRules.Dns1035Label, name, prefix);

    public override IReadOnlyList<TableColumn> PrintColumns { get; } =
    [
        new("Type", "The type of the service.", o => o.ObjectOrNull("spec").StringOrNull("type") ?? string.Empty),
        new("Cluster-IP", "The IP address of the service.", o => o.ObjectOrNull("spec").StringOrNull("clusterIP") is { Length: > 0 } ip ? ip : "<none>"),
        new("External-IP", "The external IP address of the service.", ExternalIpCell),
        new("Port(s)", "The port(s) of the service.", PortsCell),
        new("Selector", "The label selector of the service.", o => SelectorCell(o.ObjectOrNull("spec").ObjectOrNull("selector")), Priority: 1),
    ];

    public override void PrepareForCreate(JsonObject obj, StrategyContext context)
    {
        obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
        ApplyDefaults(obj.ChildObject("spec"));
    }

    public override void PrepareForUpdate(JsonObject obj, JsonObject old, StrategyContext context)
    {
        obj["status"] = old["status"]?.DeepClone();
        var spec = obj.ChildObject("spec");
        var oldSpec = old.ObjectOrNull("spec") ?? [];
        ApplyDefaults(spec);
        if (NeedsClusterIp(oldSpec) && !NeedsClusterIp(spec))
        {
            if (SameNode(spec, oldSpec, "clusterIP") && SameNode(spec, oldSpec, "clusterIPs"))
            {
                spec.Remove("clusterIP");
                spec.Remove("clusterIPs");
            }

            if (SameNode(spec, oldSpec, "ipFamilies"))
            {
                spec.Remove("ipFamilies");
            }

            if (SameNode(spec, oldSpec, "ipFamilyPolicy"))
            {
                spec.Remove("ipFamilyPolicy");
            }
        }

        if (NeedsClusterIp(oldSpec) && NeedsClusterIp(spec))
        {
            if (string.IsNullOrEmpty(spec.StringOrNull("clusterIP")) && spec.ArrayOrNull("clusterIPs") is not { Count: > 0 })
            {
                CopyFrom(spec, oldSpec, "clusterIP");
                CopyFrom(spec, oldSpec, "clusterIPs");
            }

            if (spec.ArrayOrNull("ipFamilies") is not { Count: > 0 })
            {
                CopyFrom(spec, oldSpec, "ipFamilies");
            }

            if (spec["ipFamilyPolicy"] is null)
            {
                CopyFrom(spec, oldSpec, "ipFamilyPolicy");
            }
        }
    }

    public override IEnumerable<FieldError> Validate(JsonObject obj)
    {
        var spec = obj.ObjectOrNull("spec") ?? [];
        var errors = new List<FieldError>();
        var type = spec.StringOrNull("type") ?? string.Empty;
        if (!Types.Contains(type))
        {
            errors.Add(FieldError.NotSupported("spec.type", spec["type"], Types));
        }

        var clusterIps = spec.ArrayOrNull("clusterIPs").Strings();
        var headless = clusterIps.Count > 0 && clusterIps[0] == "None";
        var ports = spec.ArrayOrNull("ports") ?? [];
        if (ports.Count == 0 && !headless && type != "ExternalName")
        {
            errors.Add(FieldError.Required("spec.ports"));
        }

        errors.AddRange(Ports(ports));
        if (spec.StringOrNull("sessionAffinity") is { } affinity && affinity is not ("None" or "ClientIP"))
        {
            errors.Add(FieldError.NotSupported("spec.sessionAffinity", spec["sessionAffinity"], ["ClientIP", "None"]));
        }

        if (type == "ExternalName")
        {
            var cleanName = (spec.StringOrNull("externalName") ?? string.Empty).TrimEnd('.');
            if (cleanName.Length == 0)
            {
                errors.Add(FieldError.Required("spec.externalName"));
            }
            else
            {
                errors.AddRange(NameRules.Field(NameRules.Dns1123Subdomain, "spec.externalName", cleanName));
            }

            if (clusterIps.Count > 0)
            {
                errors.Add(FieldError.Forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
            }

            if (spec.ArrayOrNull("ipFamilies") is { Count: > 0 })
            {
                errors.Add(FieldError.Forbidden("spec.ipFamilies", "may not be set for ExternalName services"));
            }

            if (spec["ipFamilyPolicy"] is not null)
            {
                errors.Add(FieldError.Forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"));
            }
        }
        else
        {
            errors.AddRange(ClusterIps(spec, clusterIps, type));
            errors.AddRange(FamilyFields(spec));
        }

        if (spec.StringOrNull("internalTrafficPolicy") is { } itp && itp is not ("Cluster" or "Local"))
        {
            errors.Add(FieldError.NotSupported("spec.internalTrafficPolicy", spec["internalTrafficPolicy"], ["Cluster", "Local"]));
        }

        return errors;
    }

    public override IEnumerable<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = Validate(obj).ToList();
        var spec = obj.ObjectOrNull("spec") ?? [];
        var oldSpec = old.ObjectOrNull("spec") ?? [];
        if (spec.StringOrNull("type") == "ExternalName" || oldSpec.StringOrNull("type") == "ExternalName")
        {
            return errors;
        }

        var ips = spec.ArrayOrNull("clusterIPs").Strings();
        var oldIps = oldSpec.ArrayOrNull("clusterIPs").Strings();
        for (var i = 0; i < Math.Min(ips.Count, oldIps.Count); i++)
        {
            if (ips[i] != oldIps[i])
            {
                errors.Add(FieldError.Invalid($"spec.clusterIPs[{i}]", GoStrings(ips), "may not change once set"));
            }
        }

        var families = spec.ArrayOrNull("ipFamilies").Strings();
        var oldFamilies = oldSpec.ArrayOrNull("ipFamilies").Strings();
        if (families.Count > 0 && oldFamilies.Count > 0 && families[0] != oldFamilies[0])
        {
            errors.Add(FieldError.Invalid("spec.ipFamilies[0]", GoStrings(families), "may not change once set"));
        }

        return errors;
    }

    public override IEnumerable<FieldError> Allocate(JsonObject obj, JsonObject? old, StrategyContext context)
    {
        var spec = obj.ChildObject("spec");
        var oldSpec = old.ObjectOrNull("spec");
        var oldIps = oldSpec is not null && NeedsClusterIp(oldSpec) ? oldSpec.ArrayOrNull("clusterIPs").Strings() : [];
        if (!NeedsClusterIp(spec))
        {
            if (!context.DryRun)
            {
                Release(oldIps);
            }

            return [];
        }

        if (oldIps.Count > 0)
        {
            return [];
        }

        var requested = spec.ArrayOrNull("clusterIPs").Strings();
        var headless = requested.Count > 0 && requested[0] == "None";
        var selectorless = spec["selector"] is null;
        var families = spec.ArrayOrNull("ipFamilies").Strings().ToList();
        if (families.Count == 0 && !headless && requested.Count > 0 && SpecialAddressRules.ParseIp(requested[0]) is { } first)
        {
            families.Add(first.AddressFamily == AddressFamily.InterNetwork ? "IPv4" : "IPv6");
        }

        var policy = spec.StringOrNull("ipFamilyPolicy") ?? (headless && selectorless && families.Count == 0 ? "RequireDualStack" : "SingleStack");
        if (families.Count == 0)
        {
            families.Add("IPv4");
        }

        if (policy != "SingleStack" && families.Count == 1)
        {
            families.Add(families[0] == "IPv4" ? "IPv6" : "IPv4");
        }

        spec["ipFamilyPolicy"] = policy;
        spec["ipFamilies"] = new JsonArray(families.Select(f => (JsonNode)JsonValue.Create(f)).ToArray());
        if (headless)
        {
            return [];
        }

        var allocated = new List<IPAddress>();
        for (var i = 0; i < families.Count; i++)
        {
            var allocator = families[i] == "IPv4" ? IPv4 : IPv6;
            if (i < requested.Count)
            {
                var ip = SpecialAddressRules.ParseIp(requested[i])!;
                var failure = allocator.TryAllocate(ip, context.DryRun);
                if (failure is not null)
                {
                    ReleaseAll(allocated, context.DryRun);
                    return [FieldError.Invalid("spec.clusterIPs", GoStrings(requested), failure)];
                }

                allocated.Add(ip);
            }
            else
            {
                var ip = allocator.AllocateNext(context.DryRun);
                if (ip is null)
                {
                    ReleaseAll(allocated, context.DryRun);
                    return [FieldError.Invalid("spec.clusterIPs", GoStrings(requested), "range is full")];
                }

                allocated.Add(ip);
            }
        }

        var text = allocated.Select(ip => ip.ToString()).ToList();
        spec["clusterIP"] = text[0];
        spec["clusterIPs"] = new JsonArray(text.Select(t => (JsonNode)JsonValue.Create(t)).ToArray());
        return [];
    }

    public override void AfterDelete(JsonObject obj, StrategyContext context)
    {
        Release(obj.ObjectOrNull("spec").ArrayOrNull("clusterIPs").Strings());
        var store = context.Store;
        if (store.Find(store.Registry.Endpoints, obj.Namespace(), obj.Name()) is { } endpoints)
        {
            store.Remove(store.Registry.Endpoints, endpoints);
        }
    }

    private static void ApplyDefaults(JsonObject spec)
    {
        if (string.IsNullOrEmpty(spec.StringOrNull("type")))
        {
            spec["type"] = "ClusterIP";
        }

        if (string.IsNullOrEmpty(spec.StringOrNull("sessionAffinity")))
        {
            spec["sessionAffinity"] = "None";
        }

        foreach (var port in (spec.ArrayOrNull("ports") ?? []).OfType<JsonObject>())
        {
            if (string.IsNullOrEmpty(port.StringOrNull("protocol")))
            {
                port["protocol"] = "TCP";
            }

            if (port["targetPort"] is null || port["targetPort"]!.ToJsonString() is "0" or "\"\"")
            {
                port["targetPort"] = port["port"]?.DeepClone();
            }
        }

        var type = spec.StringOrNull("type");
        if (type != "ExternalName" && spec["internalTrafficPolicy"] is null)
        {
            spec["internalTrafficPolicy"] = "Cluster";
        }

        if (type is "NodePort" or "LoadBalancer" && spec["externalTrafficPolicy"] is null)
        {
            spec["externalTrafficPolicy"] = "Cluster";
        }

        var clusterIp = spec.StringOrNull("clusterIP");
        var clusterIps = spec.ArrayOrNull("clusterIPs");
        if (!string.IsNullOrEmpty(clusterIp) && clusterIps is not { Count: > 0 })
        {
            spec["clusterIPs"] = new JsonArray(clusterIp);
        }
        else if (string.IsNullOrEmpty(clusterIp) && clusterIps is { Count: > 0 })
        {
            spec["clusterIP"] = clusterIps[0]?.DeepClone();
        }
    }

    private static IEnumerable<FieldError> Ports(JsonArray ports)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var keys = new HashSet<(string?, long?)>();
        for (var i = 0; i < ports.Count; i++)
        {
            var path = $"spec.ports[{i}]";
            var port = ports[i] as JsonObject ?? [];
            var name = port.StringOrNull("name") ?? string.Empty;
            if (ports.Count > 1 && name.Length == 0)
            {
                yield return FieldError.Required($"{path}.name");
            }
            else if (name.Length > 0)
            {
                foreach (var error in NameRules.Field(NameRules.Dns1123Label, $"{path}.name", name))
                {
                    yield return error;
                }

                if (!names.Add(name))
                {
                    yield return FieldError.Duplicate($"{path}.name", JsonNodeExtensions.Quote(name));
                }
            }

            foreach (var error in PortRules.Number(port, path, required: true).Concat(PortRules.Protocol(port, path)).Concat(PortRules.AppProtocol(port, path)))
            {
                yield return error;
            }

            if (TargetPortError(port["targetPort"]) is { } targetPortError)
            {
                yield return FieldError.Invalid($"{path}.targetPort", port["targetPort"], targetPortError);
            }

            var protocol = port.StringOrNull("protocol");
            var number = port.IntegerOrNull("port");
            if (!keys.Add((protocol, number)))
            {
                yield return FieldError.Duplicate(path, $"{{\"protocol\":{JsonNodeExtensions.Quote(protocol ?? string.Empty)},\"port\":{number}}}");
            }
        }
    }

    private static string? TargetPortError(JsonNode? targetPort)
    {
        if (targetPort is not JsonValue value)
        {
            return null;
        }

        if (value.GetValueKind() == JsonValueKind.Number)
        {
            return long.TryParse(value.ToJsonString(), out var n) && n is >= 1 and <= 65535 ? null : "must be between 1 and 65535, inclusive";
        }

        var name = value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : string.Empty;
        var valid = name.Length is >= 1 and <= 15 && PortNamePattern().IsMatch(name) && !name.Contains("--", StringComparison.Ordinal) && name.Any(char.IsAsciiLetter);
        return valid ? null : "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-), must contain at least one letter (a-z), must not contain consecutive hyphens, and must be no more than 15 characters";
    }

    private static IEnumerable<FieldError> ClusterIps(JsonObject spec, IReadOnlyList<string> clusterIps, string type)
    {
        var clusterIp = spec.StringOrNull("clusterIP") ?? string.Empty;
        if (clusterIps.Count > 0 && clusterIp != clusterIps[0])
        {
            yield return FieldError.Invalid("spec.clusterIPs", GoStrings(clusterIps), "first value must match `clusterIP`");
        }

        for (var i = 0; i < clusterIps.Count; i++)
        {
            var value = clusterIps[i];
            if (value == "None")
            {
                if (i > 0)
                {
                    yield return FieldError.Invalid($"spec.clusterIPs[{i}]", JsonValue.Create(value), "'None' must be the first and only value");
                }
                else if (type is "NodePort" or "LoadBalancer")
                {
                    yield return FieldError.Invalid("spec.clusterIPs[0]", JsonValue.Create(value), $"may not be set to 'None' for {type} services");
                }
            }
            else if (clusterIps[0] == "None")
            {
                yield return FieldError.Invalid($"spec.clusterIPs[{i}]", JsonValue.Create(value), "'None' must be the first and only value");
            }
            else if (SpecialAddressRules.ParseIp(value) is null)
            {
                yield return FieldError.Invalid($"spec.clusterIPs[{i}]", JsonValue.Create(value), "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff) or 'None'");
            }
        }

        if (clusterIps.Count > 2)
        {
            yield return FieldError.Invalid("spec.clusterIPs", GoStrings(clusterIps), "may only hold up to 2 values");
        }
    }

    private static IEnumerable<FieldError> FamilyFields(JsonObject spec)
    {
        if (spec.StringOrNull("ipFamilyPolicy") is { } policy && !Policies.Contains(policy))
        {
            yield return FieldError.NotSupported("spec.ipFamilyPolicy", spec["ipFamilyPolicy"], Policies);
        }

        var families = spec.ArrayOrNull("ipFamilies").Strings();
        for (var i = 0; i < families.Count; i++)
        {
            if (!Families.Contains(families[i]))
            {
                yield return FieldError.NotSupported($"spec.ipFamilies[{i}]", JsonValue.Create(families[i]), Families);
            }
        }

        if (families.Count == 2 && families[0] == families[1])
        {
            yield return FieldError.Duplicate("spec.ipFamilies[1]", JsonNodeExtensions.Quote(families[1]));
        }

        if (families.Count > 1 && spec.StringOrNull("ipFamilyPolicy") == "SingleStack")
        {
            yield return FieldError.Invalid("spec.ipFamilies", GoStrings(families), "when multiple IP families are specified, IP family policy must be PreferDualStack or RequireDualStack");
        }
    }

    private static bool NeedsClusterIp(JsonObject spec) => spec.StringOrNull("type") != "ExternalName";

    private static bool SameNode(JsonObject a, JsonObject b, string key) => JsonNode.DeepEquals(a[key], b[key]);

    private static void CopyFrom(JsonObject spec, JsonObject oldSpec, string key)
    {
        if (oldSpec[key] is { } value)
        {
            spec[key] = value.DeepClone();
        }
    }

    private static string ExternalIpCell(JsonObject obj)
    {
        var spec = obj.ObjectOrNull("spec");
        return spec.StringOrNull("type") switch
        {
            "ExternalName" => spec.StringOrNull("externalName") ?? "<none>",
            "LoadBalancer" => obj.ObjectOrNull("status").ObjectOrNull("loadBalancer").ArrayOrNull("ingress") is { Count: > 0 } ingress
                ? string.Join(",", ingress.Select(i => i.StringOrNull("ip") ?? i.StringOrNull("hostname")))
                : "<pending>",
            _ => spec.ArrayOrNull("externalIPs") is { Count: > 0 } external ? string.Join(",", external.Strings()) : "<none>",
        };
    }

    private static string PortsCell(JsonObject obj)
    {
        var ports = (obj.ObjectOrNull("spec").ArrayOrNull("ports") ?? []).OfType<JsonObject>()
            .Select(p => p.IntegerOrNull("nodePort") is { } nodePort
                ? $"{p.IntegerOrNull("port")}:{nodePort}/{p.StringOrNull("protocol")}"
                : $"{p.IntegerOrNull("port")}/{p.StringOrNull("protocol")}")
            .ToList();
        return ports.Count == 0 ? "<none>" : string.Join(",", ports);
    }

    private static string SelectorCell(JsonObject? selector) =>
        selector is null || selector.Count == 0 ? "<none>" : string.Join(",", selector.StringMap().OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    private static string GoStrings(IEnumerable<string> values) =>
        $"[]string{{{string.Join(", ", values.Select(JsonNodeExtensions.Quote))}}}";

    private void Release(IEnumerable<string> ips)
    {
        foreach (var ip in ips.Select(SpecialAddressRules.ParseIp).OfType<IPAddress>())
        {
            (ip.AddressFamily == AddressFamily.InterNetwork ? IPv4 : IPv6).Release(ip);
        }
    }

    private void ReleaseAll(IEnumerable<IPAddress> ips, bool dryRun)
    {
        if (!dryRun)
        {
            Release(ips.Select(ip => ip.ToString()));
        }
    }
}
