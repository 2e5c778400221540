using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Registrations;

/// <summary>Reads <c>healthCheck</c> and its probe-specific sections.</summary>
internal static class HealthCheckParser
{
    private static readonly Dictionary<string, HealthCheckType> Types = new(StringComparer.Ordinal)
    {
        ["none"] = HealthCheckType.None,
        ["tcp"] = HealthCheckType.Tcp,
        ["http"] = HealthCheckType.Http,
        ["https"] = HealthCheckType.Https,
        ["tls"] = HealthCheckType.Tls,
        ["postgres"] = HealthCheckType.Postgres,
        ["redis"] = HealthCheckType.Redis,
    };

    private static readonly Dictionary<string, UnhealthyAction> UnhealthyActions = new(StringComparer.Ordinal)
    {
        ["notReady"] = UnhealthyAction.NotReady,
        ["remove"] = UnhealthyAction.Remove,
    };

    private static readonly Dictionary<string, bool> InitialStates = new(StringComparer.Ordinal)
    {
        ["healthy"] = true,
        ["unhealthy"] = false,
    };

    public static HealthCheckSpec Parse(MappingReader entry, ServiceType serviceType, int declaredPorts)
    {
        if (entry.Mapping("healthCheck") is not { } reader)
        {
            return HealthCheckSpec.None;
        }

        var diagnostics = reader.Diagnostics;
        var type = reader.Enum("type", Types);
        var port = reader.Int("port");
        var interval = reader.Duration("interval");
        var timeout = reader.Duration("timeout");
        var healthyThreshold = reader.Int("healthyThreshold");
        var unhealthyThreshold = reader.Int("unhealthyThreshold");
        var unhealthy = reader.Enum("unhealthy", UnhealthyActions);
        var initialState = reader.Enum("initialState", InitialStates);
        var panic = reader.Bool("panic");
        var http = ProbeSettingsParser.Http(reader);
        var tls = ProbeSettingsParser.Tls(reader);
        var postgres = ProbeSettingsParser.Postgres(reader);
        var redis = ProbeSettingsParser.Redis(reader);
        reader.ReportUnknownKeys();

        PortsParser.CheckPortNumber(port, diagnostics);
        ConfigBounds.Check(healthyThreshold, 1, ConfigBounds.MaxThreshold, diagnostics);
        ConfigBounds.Check(unhealthyThreshold, 1, ConfigBounds.MaxThreshold, diagnostics);
        ConfigBounds.Check(interval, ConfigBounds.MinProbeInterval, ConfigBounds.MaxProbeInterval, diagnostics);
        ConfigBounds.Check(timeout, ConfigBounds.MinProbeTimeout, ConfigBounds.MaxProbeTimeout, diagnostics);
        var defaults = HealthCheckSpec.None;
        var spec = new HealthCheckSpec
        {
            Type = type?.Value ?? defaults.Type,
            Port = port?.Value,
            Interval = interval?.Value ?? defaults.Interval,
            Timeout = timeout?.Value ?? defaults.Timeout,
            HealthyThreshold = healthyThreshold?.Value ?? defaults.HealthyThreshold,
            UnhealthyThreshold = unhealthyThreshold?.Value ?? defaults.UnhealthyThreshold,
            Unhealthy = unhealthy?.Value ?? defaults.Unhealthy,
            InitialHealthy = initialState?.Value ?? defaults.InitialHealthy,
            Panic = panic?.Value ?? defaults.Panic,
            Http = http,
            Tls = tls,
            Postgres = postgres,
            Redis = redis,
        };

        if (spec.Timeout > spec.Interval
            && spec.Timeout >= ConfigBounds.MinProbeTimeout && spec.Timeout <= ConfigBounds.MaxProbeTimeout
            && spec.Interval >= ConfigBounds.MinProbeInterval && spec.Interval <= ConfigBounds.MaxProbeInterval)
        {
            var node = timeout ?? interval;
            diagnostics.Error(reader.PathOf("timeout"), node?.Node ?? reader.Node,
                $"timeout ({DurationParser.Format(spec.Timeout)}) must not be longer than interval ({DurationParser.Format(spec.Interval)})");
        }

        if (spec.Type != HealthCheckType.None && serviceType != ServiceType.ExternalName && spec.Port is null && declaredPorts == 0)
        {
            diagnostics.Error(reader.PathOf("port"), type?.Node ?? reader.Node,
                "is required when the service declares no ports: there is no port to probe");
        }

        return spec;
    }
}
