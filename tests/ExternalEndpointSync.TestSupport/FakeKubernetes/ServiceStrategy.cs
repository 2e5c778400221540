using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// core/v1 Service: defaults, validation (<see cref="ServiceValidation"/>), IP families and cluster IP
/// allocation for a single-stack IPv4 cluster or (with an IPv6 allocator) a dual-stack one with
/// IPv4 primary, the registry's type-change rules, and deletion of the same-named Endpoints.
/// Type changes follow <c>dropTypeDependentFields</c>: switching to ExternalName clears clusterIP(s),
/// ipFamilies and ipFamilyPolicy when the request left them as they were (so a read-modify-write
/// succeeds and the IPs are released); sending a different clusterIP with ExternalName is 422
/// Forbidden. Switching from ExternalName allocates a new IP. NodePort and LoadBalancer are accepted,
/// but node ports are not allocated.
/// </summary>
internal sealed class ServiceStrategy : ResourceStrategy
{
    public ServiceStrategy(ClusterIpAllocator ipv4, ClusterIpAllocator? ipv6)
    {
        IPv4 = ipv4;
        IPv6 = ipv6;
    }

    public ClusterIpAllocator IPv4 { get; }

    /// <summary>Null on a single-stack cluster.</summary>
    public ClusterIpAllocator? IPv6 { get; }

    public override IReadOnlyList<string> ValidateName(string name, bool prefix) => NameRules.Check(NameRules.Dns1035Label, name, prefix);

    public override IReadOnlyList<TableColumn> PrintColumns => ServiceTable.Columns;

    public override IEnumerable<FieldError> Validate(JsonObject obj) => ServiceValidation.Validate(obj);

    public override IEnumerable<FieldError> ValidateUpdate(JsonObject obj, JsonObject old) => ServiceValidation.ValidateUpdate(obj, old);

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
            return UpgradeToDualStack(spec, oldSpec!, context);
        }

        var requested = spec.ArrayOrNull("clusterIPs").Strings();
        var headless = requested.Count > 0 && requested[0] == "None";
        var families = spec.ArrayOrNull("ipFamilies").Strings().ToList();
        var errors = InitIpFamilies(spec, requested, families);
        if (errors.Count > 0 || headless)
        {
            return errors;
        }

        return AllocateIps(spec, requested, families, [], context);
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

    /// <summary>
    /// <c>initIPFamilyFields</c> (pkg/registry/core/service/storage/alloc.go): defaults the policy
    /// (selectorless headless: RequireDualStack, else SingleStack), infers families from requested
    /// IPs, and refuses what this cluster's ranges cannot serve, in the allocator's words.
    /// </summary>
    private List<FieldError> InitIpFamilies(JsonObject spec, IReadOnlyList<string> requested, List<string> families)
    {
        var headless = requested.Count > 0 && requested[0] == "None";
        var selectorless = spec.ObjectOrNull("selector") is not { Count: > 0 };
        var policy = spec.StringOrNull("ipFamilyPolicy") ?? (headless && selectorless ? "RequireDualStack" : "SingleStack");
        var errors = new List<FieldError>();
        for (var i = 0; i < requested.Count && requested[i] != "None"; i++)
        {
            if (i < families.Count || SpecialAddressRules.ParseIp(requested[i]) is not { } ip)
            {
                continue;
            }

            var family = SpecialAddressRules.FamilyOf(ip) == AddressFamily.InterNetwork ? "IPv4" : "IPv6";
            if (AllocatorFor(family) is null)
            {
                errors.Add(FieldError.Invalid($"spec.clusterIPs[{i}]", ServiceValidation.GoStrings(requested), $"{family} is not configured on this cluster"));
            }
            else
            {
                families.Add(family);
            }
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        if (!(headless && selectorless))
        {
            if (policy == "RequireDualStack" && IPv6 is null)
            {
                errors.Add(FieldError.Invalid("spec.ipFamilyPolicy", JsonValue.Create(policy), "this cluster is not configured for dual-stack services"));
            }

            for (var i = 0; i < families.Count; i++)
            {
                if (AllocatorFor(families[i]) is null)
                {
                    errors.Add(FieldError.Invalid($"spec.ipFamilies[{i}]", JsonValue.Create(families[i]), "not configured on this cluster"));
                }
            }

            if (errors.Count > 0)
            {
                return errors;
            }
        }

        if (families.Count == 0)
        {
            families.Add("IPv4");
        }

        // A selectorless headless Service lists both families even on a single-stack cluster (the allocator's special case).
        if (policy != "SingleStack" && families.Count == 1 && (IPv6 is not null || (headless && selectorless)))
        {
            families.Add(families[0] == "IPv4" ? "IPv6" : "IPv4");
        }

        spec["ipFamilyPolicy"] = policy;
        spec["ipFamilies"] = new JsonArray(families.Select(f => (JsonNode)JsonValue.Create(f)).ToArray());
        return errors;
    }

    /// <summary>
    /// An update of a Service that has its IPs: only a change of policy away from SingleStack adds the
    /// secondary family (and IP) on a dual-stack cluster; RequireDualStack is refused on a single-stack one.
    /// </summary>
    private IEnumerable<FieldError> UpgradeToDualStack(JsonObject spec, JsonObject oldSpec, StrategyContext context)
    {
        var policy = spec.StringOrNull("ipFamilyPolicy");
        var headless = oldSpec.ArrayOrNull("clusterIPs").Strings() is ["None"];
        if (headless || policy is null or "SingleStack" || policy == oldSpec.StringOrNull("ipFamilyPolicy"))
        {
            return [];
        }

        if (IPv6 is null)
        {
            return policy == "RequireDualStack"
                ? [FieldError.Invalid("spec.ipFamilyPolicy", JsonValue.Create(policy), "this cluster is not configured for dual-stack services")]
                : [];
        }

        var families = spec.ArrayOrNull("ipFamilies").Strings().ToList();
        var ips = spec.ArrayOrNull("clusterIPs").Strings().ToList();
        if (families.Count != 1 || ips.Count != 1)
        {
            return [];
        }

        families.Add(families[0] == "IPv4" ? "IPv6" : "IPv4");
        spec["ipFamilies"] = new JsonArray(families.Select(f => (JsonNode)JsonValue.Create(f)).ToArray());
        return AllocateIps(spec, ips, families, ips, context);
    }

    private IEnumerable<FieldError> AllocateIps(JsonObject spec, IReadOnlyList<string> requested, List<string> families, List<string> kept, StrategyContext context)
    {
        var allocated = new List<IPAddress>();
        var text = new List<string>(kept);
        for (var i = kept.Count; i < families.Count; i++)
        {
            var allocator = AllocatorFor(families[i])!;
            IPAddress? ip;
            if (i < requested.Count)
            {
                ip = SpecialAddressRules.ParseIp(requested[i])!;
                if (allocator.TryAllocate(ip, context.DryRun) is { } failure)
                {
                    ReleaseAll(allocated, context.DryRun);
                    return [FieldError.Invalid("spec.clusterIPs", ServiceValidation.GoStrings(requested), failure)];
                }
            }
            else if ((ip = allocator.AllocateNext(context.DryRun)) is null)
            {
                ReleaseAll(allocated, context.DryRun);
                return [FieldError.Invalid("spec.clusterIPs", ServiceValidation.GoStrings(requested), "range is full")];
            }

            allocated.Add(ip);
            text.Add(ip.ToString());
        }

        spec["clusterIP"] = text[0];
        spec["clusterIPs"] = new JsonArray(text.Select(t => (JsonNode)JsonValue.Create(t)).ToArray());
        return [];
    }

    private ClusterIpAllocator? AllocatorFor(string family) => family == "IPv4" ? IPv4 : IPv6;

    private static void ApplyDefaults(JsonObject spec)
    {
        // An empty selector map is not stored (etcd keeps no empty map): the Service reads back selectorless.
        if (spec["selector"] is JsonObject { Count: 0 })
        {
            spec.Remove("selector");
        }

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

    private static bool NeedsClusterIp(JsonObject spec) => spec.StringOrNull("type") != "ExternalName";

    private static bool SameNode(JsonObject a, JsonObject b, string key) => JsonNode.DeepEquals(a[key], b[key]);

    private static void CopyFrom(JsonObject spec, JsonObject oldSpec, string key)
    {
        if (oldSpec[key] is { } value)
        {
            spec[key] = value.DeepClone();
        }
    }

    private void Release(IEnumerable<string> ips)
    {
        foreach (var ip in ips.Select(SpecialAddressRules.ParseIp).OfType<IPAddress>())
        {
            (ip.AddressFamily == AddressFamily.InterNetwork ? IPv4 : IPv6)?.Release(ip);
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
