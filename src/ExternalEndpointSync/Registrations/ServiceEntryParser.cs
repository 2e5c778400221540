using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations.Yaml;

namespace ExternalEndpointSync.Registrations;

/// <summary>
/// Parses and validates one service entry: an item of the config file's <c>services</c> (after
/// the defaults were merged in) or the <c>spec</c> of an <c>ExternalService</c> custom resource.
/// </summary>
public static class ServiceEntryParser
{
    private static readonly Dictionary<string, ServiceType> ServiceTypes = new(StringComparer.Ordinal)
    {
        ["ClusterIP"] = ServiceType.ClusterIP,
        ["Headless"] = ServiceType.Headless,
        ["ExternalName"] = ServiceType.ExternalName,
    };

    /// <summary>
    /// Parses one entry given as JSON or YAML text, e.g. a custom resource's <c>spec</c>;
    /// diagnostics are located in that text and their paths start with <paramref name="path"/>.
    /// </summary>
    public static ServiceEntryResult ParseText(string text, string path, ServiceEntryOptions options)
    {
        var diagnostics = new ConfigDiagnostics();
        ExternalServiceSpec? spec = null;
        if (ConfigYamlReader.Read(text, path, diagnostics) is { } root)
        {
            spec = MappingReader.For(root, path, diagnostics) is { } reader ? Parse(reader.Node, path, options, diagnostics) : null;
        }
        else if (diagnostics.ErrorCount == 0)
        {
            diagnostics.Error(path, null, "is empty: a service entry needs at least name and source");
        }

        return new ServiceEntryResult
        {
            Spec = diagnostics.ErrorCount == 0 ? spec : null,
            Errors = diagnostics.Errors,
            Warnings = diagnostics.Warnings,
        };
    }

    /// <summary>
    /// Parses one entry, adding its problems to <paramref name="diagnostics"/>. Returns null when
    /// the entry has errors; warnings (such as addresses Kubernetes rejects) do not prevent a result.
    /// </summary>
    public static ExternalServiceSpec? Parse(ConfigMapping entry, string path, ServiceEntryOptions options, ConfigDiagnostics diagnostics)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var errorsBefore = diagnostics.ErrorReports;
        var reader = new MappingReader(entry, path, diagnostics);

        var name = ReadName(reader, options);
        var ns = ReadNamespace(reader, options);
        var type = reader.Enum("type", ServiceTypes)?.Value ?? ServiceType.ClusterIP;
        var (ports, declaredPorts) = PortsParser.Parse(reader);
        var externalName = ReadExternalName(reader, type);
        SourceSpec? source = null;
        if (type == ServiceType.ExternalName)
        {
            reader.Forbid("source", "must not be set on an ExternalName service: it publishes a DNS alias (externalName), not addresses");
        }
        else
        {
            source = SourceParser.Parse(reader, declaredPorts);
            if (declaredPorts == 0 && type == ServiceType.ClusterIP)
            {
                if (reader.Value("ports") is { Node: ConfigSequence } empty)
                {
                    diagnostics.Error(empty, "must declare at least one port for a ClusterIP service (only Headless and ExternalName services may have none)");
                }
                else if (reader.Value("ports") is null)
                {
                    diagnostics.Error(reader.PathOf("ports"), entry, "is required for a ClusterIP service: declare at least one port (only Headless and ExternalName services may have none)");
                }
            }
        }

        var publish = PublishParser.Parse(reader, type);
        var healthCheck = HealthCheckParser.Parse(reader, type, declaredPorts);
        var resyncInterval = reader.Duration("resyncInterval");
        ConfigBounds.Check(resyncInterval, ConfigBounds.MinResyncInterval, ConfigBounds.MaxResyncInterval, diagnostics);

        var labels = MetadataParser.Labels(reader);
        var annotations = MetadataParser.Annotations(reader);
        reader.ReportUnknownKeys();

        if (diagnostics.ErrorReports != errorsBefore || name is null)
        {
            return null;
        }

        var spec = new ExternalServiceSpec
        {
            Name = name,
            Namespace = ns,
            Type = type,
            Ports = ports.ToValueList(),
            Source = source,
            ExternalName = externalName,
            Publish = publish,
            HealthCheck = healthCheck,
            Labels = ValueDictionary.From(labels),
            Annotations = ValueDictionary.From(annotations),
            Origin = options.Origin,
        };
        return resyncInterval is { } interval ? spec with { ResyncInterval = interval.Value } : spec;
    }

    private static string? ReadName(MappingReader reader, ServiceEntryOptions options)
    {
        if (options.Name is not null)
        {
            reader.Forbid("name", $"must not be set here: the name is \"{options.Name}\", taken from the object");
            return options.Name;
        }

        var name = reader.String("name");
        reader.Required("name", "the Service name, a DNS-1035 label");
        if (name is { } n && !KubernetesNames.IsDns1035Label(n.Value))
        {
            reader.Diagnostics.Error(n, $"{KubernetesNames.Dns1035LabelRule}: \"{n.Value}\"");
        }

        return name?.Value;
    }

    private static string ReadNamespace(MappingReader reader, ServiceEntryOptions options)
    {
        if (options.Namespace is not null)
        {
            reader.Forbid("namespace", $"must not be set here: the namespace is \"{options.Namespace}\", the object's own");
            return options.Namespace;
        }

        var ns = reader.String("namespace");
        if (ns is { } n && !KubernetesNames.IsDns1123Label(n.Value))
        {
            reader.Diagnostics.Error(n, $"{KubernetesNames.Dns1123LabelRule}: \"{n.Value}\"");
        }
        else if (ns is { Value: "kube-system" } system)
        {
            reader.Diagnostics.Warning(system, "is kube-system, which holds the cluster's own components; a namespace of your own is safer");
        }

        return ns?.Value ?? options.DefaultNamespace;
    }

    private static string? ReadExternalName(MappingReader reader, ServiceType type)
    {
        var externalName = reader.String("externalName");
        if (type != ServiceType.ExternalName)
        {
            if (externalName is { } misplaced)
            {
                reader.Diagnostics.Error(misplaced, "is only allowed with type: ExternalName");
            }

            return null;
        }

        reader.Required("externalName", "the host name the ExternalName service aliases");
        if (externalName is not { } target)
        {
            return null;
        }

        var host = target.Value.EndsWith('.') ? target.Value[..^1] : target.Value;
        if (EndpointAddressRules.TryParseLiteral(host, out _, out _))
        {
            reader.Diagnostics.Error(target, $"must be a host name, not an IP address (use a ClusterIP service with a static source for an address): \"{target.Value}\"");
        }
        else if (!KubernetesNames.IsDns1123Subdomain(host))
        {
            reader.Diagnostics.Error(target, $"{KubernetesNames.Dns1123SubdomainRule}, optionally ending with '.': \"{target.Value}\"");
        }

        return host;
    }
}
