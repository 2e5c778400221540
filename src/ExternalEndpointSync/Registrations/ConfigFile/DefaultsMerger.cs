using ExternalEndpointSync.Registrations.Yaml;

namespace ExternalEndpointSync.Registrations.ConfigFile;

/// <summary>
/// Lays a service entry over <c>defaults</c>: nested mappings merge key by key, everything else
/// (scalars, lists) is replaced by the service's value. The merged tree shares the defaults'
/// own nodes, so a problem in a default is reported at the defaults' line.
/// </summary>
internal static class DefaultsMerger
{
    public static ConfigMapping Merge(ConfigMapping defaults, ConfigMapping service)
    {
        var entries = new List<KeyValuePair<ConfigScalar, ConfigNode>>();
        var serviceIsExternalName = service["type"] is ConfigScalar { Value: "ExternalName" }
            || (service["type"] is null && defaults["type"] is ConfigScalar { Value: "ExternalName" });
        foreach (var (key, defaultValue) in defaults.Entries)
        {
            // An ExternalName service must have no source, so a default one is not for it.
            var notForThisService = key.Value == "source" && serviceIsExternalName;
            if (!notForThisService && !HasValue(service, key.Value))
            {
                entries.Add(new(key, defaultValue));
            }
        }

        foreach (var (key, value) in service.Entries)
        {
            if (!HasValue(service, key.Value) && defaults.ContainsKey(key.Value))
            {
                continue;
            }

            // A default source of another kind would give the service two sources, so only the
            // kinds the service declares take settings from the defaults.
            if (defaults[key.Value] is ConfigMapping defaultMapping && value is ConfigMapping serviceMapping)
            {
                var merged = key.Value == "source" ? MergeSource(defaultMapping, serviceMapping) : MergeNested(defaultMapping, serviceMapping);
                entries.Add(new(key, merged));
            }
            else
            {
                entries.Add(new(key, value));
            }
        }

        return new ConfigMapping(entries, service.Line, service.Column);
    }

    private static bool HasValue(ConfigMapping mapping, string key) =>
        mapping[key] is { } value && value is not ConfigScalar { IsNull: true };

    private static ConfigMapping MergeNested(ConfigMapping defaults, ConfigMapping service)
    {
        var entries = defaults.Entries
            .Where(entry => !HasValue(service, entry.Key.Value))
            .ToList();
        foreach (var (key, value) in service.Entries.Where(entry => HasValue(service, entry.Key.Value) || !defaults.ContainsKey(entry.Key.Value)))
        {
            entries.Add(defaults[key.Value] is ConfigMapping defaultMapping && value is ConfigMapping serviceMapping
                ? new(key, MergeNested(defaultMapping, serviceMapping))
                : new(key, value));
        }

        return new ConfigMapping(entries, service.Line, service.Column);
    }

    private static ConfigMapping MergeSource(ConfigMapping defaults, ConfigMapping service)
    {
        var entries = new List<KeyValuePair<ConfigScalar, ConfigNode>>();
        foreach (var (key, value) in service.Entries)
        {
            entries.Add(defaults[key.Value] is ConfigMapping defaultMapping && value is ConfigMapping serviceMapping
                ? new(key, MergeNested(defaultMapping, serviceMapping))
                : new(key, value));
        }

        return new ConfigMapping(entries, service.Line, service.Column);
    }
}
