using System.Net;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Registrations.ConfigFile;

/// <summary>
/// Reads the top-level <c>externalServices</c> section, the policy for ExternalService custom
/// resources; without one the worker does not watch them (null).
/// </summary>
internal static class ExternalServicePolicyParser
{
    public static ExternalServicePolicy? Parse(MappingReader root)
    {
        if (root.Mapping("externalServices") is not { } reader)
        {
            return null;
        }

        var defaults = new ExternalServicePolicy();
        var enabled = reader.Bool("enabled");
        var namespaces = Namespaces(reader);
        var selector = reader.Mapping("namespaceSelector") is { } selectorReader ? LabelSelectorParser.Parse(selectorReader) : null;
        var sources = SourceKinds(reader, "sources");
        var refused = Cidrs(reader, "refusedCidrs");
        var networks = reader.Mapping("clusterNetworks") is { } networksReader ? ClusterNetworks(networksReader) : defaults.ClusterNetworks;
        var overrides = Overrides(reader, namespaces, selector);
        var externalName = reader.Mapping("externalName") is { } aliasReader ? ExternalName(aliasReader) : defaults.ExternalName;
        reader.ReportUnknownKeys();

        return new ExternalServicePolicy
        {
            Enabled = enabled?.Value ?? defaults.Enabled,
            Namespaces = namespaces,
            NamespaceSelector = selector,
            Sources = sources ?? defaults.Sources,
            RefusedCidrs = refused,
            ClusterNetworks = networks,
            NamespaceOverrides = overrides,
            ExternalName = externalName,
        };
    }

    private static ValueList<string> Namespaces(MappingReader reader)
    {
        var names = new List<string>();
        foreach (var name in reader.StringList("namespaces") ?? [])
        {
            if (!KubernetesNames.IsDns1123Label(name.Value))
            {
                reader.Diagnostics.Error(name, $"{KubernetesNames.Dns1123LabelRule}: \"{name.Value}\"");
            }
            else if (names.Contains(name.Value))
            {
                reader.Diagnostics.Warning(name, $"\"{name.Value}\" is listed twice");
            }
            else
            {
                names.Add(name.Value);
            }
        }

        return names.ToValueList();
    }

    private static ValueList<string>? SourceKinds(MappingReader reader, string key)
    {
        if (reader.StringList(key) is not { } items)
        {
            return null;
        }

        var kinds = new List<string>();
        foreach (var item in items)
        {
            if (!SourceParser.KindNames.Contains(item.Value))
            {
                reader.Diagnostics.Error(item, $"must be one of {string.Join(", ", SourceParser.KindNames)}, not \"{item.Value}\"");
            }
            else if (!kinds.Contains(item.Value))
            {
                kinds.Add(item.Value);
            }
        }

        return kinds.ToValueList();
    }

    private static ValueList<IPNetwork> Cidrs(MappingReader reader, string key)
    {
        var networks = new List<IPNetwork>();
        foreach (var item in reader.StringList(key) ?? [])
        {
            if (CidrNotation.TryParse(item.Value, out var network, out var reason))
            {
                networks.Add(network.Value);
            }
            else
            {
                reader.Diagnostics.Error(item, $"\"{item.Value}\" {reason}");
            }
        }

        return networks.Distinct().ToValueList();
    }

    private static ConfiguredClusterNetworks ClusterNetworks(MappingReader reader)
    {
        var pods = Cidrs(reader, "podCidrs");
        var services = Cidrs(reader, "serviceCidrs");
        reader.ReportUnknownKeys();
        return new ConfiguredClusterNetworks { PodCidrs = pods, ServiceCidrs = services };
    }

    private static ValueList<NamespacePolicyOverride> Overrides(MappingReader reader, ValueList<string> admitted, LabelSelector? selector)
    {
        var overrides = new List<NamespacePolicyOverride>();
        var declared = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in reader.Sequence("namespaceOverrides") ?? [])
        {
            if (MappingReader.For(item.Node, item.Path, reader.Diagnostics) is not { } entry)
            {
                continue;
            }

            var name = entry.String("namespace");
            entry.Required("namespace", "the namespace the exceptions are for");
            var sources = SourceKinds(entry, "sources");
            var allowed = Cidrs(entry, "allowedCidrs");
            entry.ReportUnknownKeys();
            if (name is not { } ns)
            {
                continue;
            }

            if (!KubernetesNames.IsDns1123Label(ns.Value))
            {
                entry.Diagnostics.Error(ns, $"{KubernetesNames.Dns1123LabelRule}: \"{ns.Value}\"");
                continue;
            }

            if (!declared.TryAdd(ns.Value, item.Path))
            {
                entry.Diagnostics.Error(ns, $"namespace \"{ns.Value}\" has an override already ({declared[ns.Value]})");
                continue;
            }

            if (selector is null && admitted.Count > 0 && !admitted.Contains(ns.Value))
            {
                entry.Diagnostics.Warning(ns, $"\"{ns.Value}\" is not in namespaces, so its ExternalServices are refused and this override never applies");
            }

            overrides.Add(new NamespacePolicyOverride { Namespace = ns.Value, Sources = sources, AllowedCidrs = allowed });
        }

        return overrides.ToValueList();
    }

    private static ExternalNamePolicy ExternalName(MappingReader reader)
    {
        var items = reader.StringList("refusedSuffixes");
        reader.ReportUnknownKeys();
        if (items is null)
        {
            return new ExternalNamePolicy();
        }

        var suffixes = new List<string>();
        foreach (var item in items)
        {
            var suffix = item.Value.EndsWith('.') ? item.Value[..^1] : item.Value;
            if (!KubernetesNames.IsDns1123Subdomain(suffix))
            {
                reader.Diagnostics.Error(item, $"{KubernetesNames.Dns1123SubdomainRule}, optionally ending with '.': \"{item.Value}\"");
            }
            else if (!suffixes.Contains(suffix))
            {
                suffixes.Add(suffix);
            }
        }

        return new ExternalNamePolicy { RefusedSuffixes = suffixes.ToValueList() };
    }
}
