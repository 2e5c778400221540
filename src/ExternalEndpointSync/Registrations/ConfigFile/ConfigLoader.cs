using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations.Yaml;

namespace ExternalEndpointSync.Registrations.ConfigFile;

/// <summary>
/// Loads a configuration file into a <see cref="SyncConfig"/>, or reports every error in it
/// with its path and line. Each service is its <c>defaults</c> merged with the entry, parsed by
/// <see cref="ServiceEntryParser"/>.
/// </summary>
public static class ConfigLoader
{
    public const string ApiVersion = "externalendpoints.io/v1alpha1";
    public const string Kind = "SyncConfig";

    /// <summary>
    /// Loads a file and, when a service uses Consul, reads and checks the files the <c>consul</c>
    /// section names (token, CA, client certificate and key) as the Consul client will read them,
    /// so that a file that is missing or garbage is a configuration error here rather than a crash later.
    /// </summary>
    public static async Task<ConfigLoadResult> LoadFileAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (text, problem) = await ReferencedFile.ReadTextAsync(path, ConfigLimits.MaxDocumentBytes, $"ConfigLimits.MaxDocumentBytes, {ConfigLimits.SizeLimitAdvice}", cancellationToken);
        if (text is null)
        {
            return new ConfigLoadResult
            {
                SourceName = path,
                Errors = [new ConfigDiagnostic(ConfigPath.Root, 0, 0, $"cannot read configuration file \"{path}\": {problem}")],
            };
        }

        return Load(text, path, readReferencedFiles: true, cancellationToken);
    }

    /// <summary>Loads configuration text; the files it names are not read (see <see cref="LoadFileAsync"/>).</summary>
    public static ConfigLoadResult Load(string yamlText, string sourceName, CancellationToken cancellationToken = default) =>
        Load(yamlText, sourceName, readReferencedFiles: false, cancellationToken);

    private static ConfigLoadResult Load(string yamlText, string sourceName, bool readReferencedFiles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(sourceName);
        var diagnostics = new ConfigDiagnostics();
        var config = Parse(yamlText, sourceName, readReferencedFiles, diagnostics, cancellationToken);
        return new ConfigLoadResult
        {
            SourceName = sourceName,
            Config = diagnostics.ErrorCount == 0 ? config : null,
            Errors = diagnostics.Errors,
            Warnings = diagnostics.Warnings,
            OmittedErrors = diagnostics.OmittedErrors,
            OmittedWarnings = diagnostics.OmittedWarnings,
        };
    }

    private static SyncConfig? Parse(string yamlText, string sourceName, bool readReferencedFiles, ConfigDiagnostics diagnostics, CancellationToken cancellationToken)
    {
        var root = ConfigYamlReader.Read(yamlText, ConfigPath.Root, diagnostics, cancellationToken);
        if (root is null)
        {
            if (diagnostics.ErrorCount == 0)
            {
                diagnostics.Error(ConfigPath.Root, null, $"the file is empty; it needs at least apiVersion: {ApiVersion}, kind: {Kind} and services");
            }

            return null;
        }

        if (MappingReader.For(root, ConfigPath.Root, diagnostics) is not { } reader)
        {
            return null;
        }

        CheckConstant(reader, "apiVersion", ApiVersion);
        CheckConstant(reader, "kind", Kind);
        var ownerId = reader.String("ownerId");
        if (ownerId is { } owner && !KubernetesNames.IsOwnerId(owner.Value))
        {
            diagnostics.Error(owner, $"{KubernetesNames.OwnerIdRule}: \"{owner.Value}\"");
        }

        var policy = reader.Enum("policy", SyncPolicyNames.ByName);
        var maxConcurrentProbes = reader.Int("maxConcurrentProbes");
        if (maxConcurrentProbes is { } probes && probes.Value is < 1 or > SyncConfig.MaxConcurrentProbesLimit)
        {
            diagnostics.Error(probes, $"must be between 1 and {SyncConfig.MaxConcurrentProbesLimit}, not {probes.Value}");
        }

        var defaults = ReadDefaults(reader);
        var services = ReadServices(reader, defaults, sourceName, cancellationToken);

        // Like the runtime, which builds a Consul client only then, the files are needed only for Consul services.
        var consul = ConsulSettingsParser.Parse(reader, readReferencedFiles && services.Any(static service => service.Source is ConsulSourceSpec));
        var externalServices = ExternalServicePolicyParser.Parse(reader);
        reader.ReportUnknownKeys();

        return new SyncConfig
        {
            OwnerId = ownerId?.Value ?? SyncConfig.DefaultOwnerId,
            Policy = policy?.Value,
            MaxConcurrentProbes = maxConcurrentProbes?.Value ?? SyncConfig.DefaultMaxConcurrentProbes,
            Consul = consul,
            ExternalServices = externalServices,
            Services = services.ToValueList(),
            Defaults = defaults is null ? null : new ServiceDefaults(defaults),
        };
    }

    private static void CheckConstant(MappingReader reader, string key, string expected)
    {
        reader.Required(key, $"{key}: {expected}");
        if (reader.String(key) is { } value && value.Value != expected)
        {
            reader.Diagnostics.Error(value, $"must be {expected}, not \"{value.Value}\"");
        }
    }

    /// <summary>The <c>defaults</c> mapping, with every node in it recorded as reported under <c>defaults.…</c>.</summary>
    private static ConfigMapping? ReadDefaults(MappingReader reader)
    {
        if (reader.Mapping("defaults") is not { } defaults)
        {
            return null;
        }

        defaults.Forbid("name", "must not be set in defaults: every service needs its own name");
        RecordOrigins(defaults.Node, defaults.Path, reader.Diagnostics);
        CheckSourceKinds(defaults);
        var withoutName = defaults.Node.Entries.Where(entry => entry.Key.Value != "name").ToList();
        return new ConfigMapping(withoutName, defaults.Node.Line, defaults.Node.Column);
    }

    /// <summary>
    /// A service merges only the default source kinds it declares itself, so a key in
    /// <c>defaults.source</c> that is no kind would otherwise never be read, and never reported.
    /// </summary>
    private static void CheckSourceKinds(MappingReader defaults)
    {
        if (defaults.Node["source"] is not ConfigMapping source)
        {
            return;
        }

        var kinds = new MappingReader(source, defaults.PathOf("source"), defaults.Diagnostics);
        foreach (var kind in SourceParser.KindNames)
        {
            kinds.Value(kind);
        }

        kinds.ReportUnknownKeys();
    }

    private static void RecordOrigins(ConfigNode node, string path, ConfigDiagnostics diagnostics)
    {
        diagnostics.RecordOrigin(node, path);
        switch (node)
        {
            case ConfigMapping mapping:
                foreach (var (key, value) in mapping.Entries)
                {
                    var childPath = ConfigPath.Key(path, key.Value);
                    diagnostics.RecordOrigin(key, childPath);
                    RecordOrigins(value, childPath, diagnostics);
                }

                break;
            case ConfigSequence sequence:
                for (var index = 0; index < sequence.Items.Count; index++)
                {
                    RecordOrigins(sequence.Items[index], ConfigPath.Index(path, index), diagnostics);
                }

                break;
        }
    }

    private static List<ExternalServiceSpec> ReadServices(MappingReader reader, ConfigMapping? defaults, string sourceName, CancellationToken cancellationToken)
    {
        var diagnostics = reader.Diagnostics;
        var items = reader.Sequence("services");
        reader.Required("services", "the list of external services to publish");
        if (items is null)
        {
            return [];
        }

        if (items.Count == 0)
        {
            diagnostics.Warning(reader.PathOf("services"), reader.Node["services"], "is empty: nothing will be published");
        }

        // defaults is walked again for every service, which an alias-free file can also multiply.
        var expanded = reader.Node.ExpandedSize + ((defaults?.ExpandedSize ?? 0) * (long)items.Count);
        if (expanded > ConfigLimits.MaxExpandedNodes)
        {
            diagnostics.Error(reader.PathOf("services"), reader.Node["services"],
                $"with defaults applied to each of its {items.Count} services the file has more than {ConfigLimits.MaxExpandedNodes} nodes (ConfigLimits.MaxExpandedNodes, {ConfigLimits.SizeLimitAdvice}); make defaults smaller or split the file");
            return [];
        }

        var specs = new List<ExternalServiceSpec>();
        var declared = new Dictionary<ServiceKey, string>();
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (MappingReader.For(item.Node, item.Path, diagnostics) is not { } entry)
            {
                continue;
            }

            var merged = defaults is null ? entry.Node : DefaultsMerger.Merge(defaults, entry.Node);
            var options = new ServiceEntryOptions { Origin = new FileOrigin(sourceName, item.Node.Line, item.Path) };
            var spec = ServiceEntryParser.Parse(merged, item.Path, options, diagnostics);
            if (merged["name"] is ConfigScalar name)
            {
                var key = new ServiceKey((merged["namespace"] as ConfigScalar)?.Value ?? options.DefaultNamespace, name.Value);
                if (!declared.TryAdd(key, item.Path))
                {
                    diagnostics.Error(ConfigPath.Key(item.Path, "name"), name, $"duplicate service {key}: {declared[key]} already declares it");
                    continue;
                }
            }

            if (spec is not null)
            {
                specs.Add(spec);
            }
        }

        return specs;
    }
}
