using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary><c>ValidateService</c> and <c>ValidateServiceUpdate</c> for the fields the fake models.</summary>
internal static partial class ServiceValidation
{
    private static readonly string[] Types = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];
    private static readonly string[] Policies = ["SingleStack", "PreferDualStack", "RequireDualStack"];
    private static readonly string[] Families = ["IPv4", "IPv6"];

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex PortNamePattern();

    public static IEnumerable<FieldError> Validate(JsonObject obj)
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

    public static IEnumerable<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
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

    public static string GoStrings(IEnumerable<string> values) =>
        $"[]string{{{string.Join(", ", values.Select(JsonNodeExtensions.Quote))}}}";
}
