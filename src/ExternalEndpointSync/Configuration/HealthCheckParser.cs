using System.Globalization;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Configuration;

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
        var http = ParseHttp(reader);
        var tls = ParseTls(reader);
        var postgres = ParsePostgres(reader);
        var redis = ParseRedis(reader);
        reader.ReportUnknownKeys();

        PortsParser.CheckPortNumber(port, diagnostics);
        CheckAtLeastOne(healthyThreshold, diagnostics);
        CheckAtLeastOne(unhealthyThreshold, diagnostics);
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

        if (interval is { } i && i.Value <= TimeSpan.Zero)
        {
            diagnostics.Error(i, "must be greater than 0s");
        }

        if (timeout is { } t && t.Value <= TimeSpan.Zero)
        {
            diagnostics.Error(t, "must be greater than 0s");
        }
        else if (spec.Timeout > spec.Interval && spec.Interval > TimeSpan.Zero)
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

    private static HttpProbeSpec ParseHttp(MappingReader healthCheck)
    {
        var defaults = new HttpProbeSpec();
        if (healthCheck.Mapping("http") is not { } reader)
        {
            return defaults;
        }

        var method = reader.String("method");
        var path = reader.String("path");
        var expectedStatuses = reader.StringList("expectedStatuses");
        var host = reader.String("host");
        reader.ReportUnknownKeys();

        if (method is { } m && (m.Value.Length == 0 || !m.Value.All(char.IsAsciiLetterUpper)))
        {
            reader.Diagnostics.Error(m, $"must be an HTTP method in upper case such as GET or HEAD: \"{m.Value}\"");
        }

        if (path is { } p && !p.Value.StartsWith('/'))
        {
            reader.Diagnostics.Error(p, $"must start with '/': \"{p.Value}\"");
        }

        if (expectedStatuses is { Count: 0 })
        {
            reader.Diagnostics.Error(reader.PathOf("expectedStatuses"), reader.Node["expectedStatuses"], "must list at least one status code or range");
        }

        foreach (var status in expectedStatuses ?? [])
        {
            if (!IsStatusRange(status.Value))
            {
                reader.Diagnostics.Error(status, $"must be a status code NNN or a range NNN-NNN between 100 and 599: \"{status.Value}\"");
            }
        }

        return new HttpProbeSpec
        {
            Method = method?.Value ?? defaults.Method,
            Path = path?.Value ?? defaults.Path,
            ExpectedStatuses = expectedStatuses is null ? defaults.ExpectedStatuses : [.. expectedStatuses.Select(status => status.Value)],
            Host = host?.Value,
        };
    }

    private static TlsProbeSpec ParseTls(MappingReader healthCheck)
    {
        if (healthCheck.Mapping("tls") is not { } reader)
        {
            return new TlsProbeSpec();
        }

        var serverName = reader.String("serverName");
        var caFile = reader.String("caFile");
        var insecureSkipVerify = reader.Bool("insecureSkipVerify");
        reader.ReportUnknownKeys();
        if (serverName is { } name && !KubernetesNames.IsDnsName(name.Value))
        {
            reader.Diagnostics.Error(name, $"must be a DNS name: \"{name.Value}\"");
        }

        return new TlsProbeSpec
        {
            ServerName = serverName?.Value,
            CaFile = caFile?.Value,
            InsecureSkipVerify = insecureSkipVerify?.Value ?? false,
        };
    }

    private static PostgresProbeSpec ParsePostgres(MappingReader healthCheck)
    {
        var defaults = new PostgresProbeSpec();
        if (healthCheck.Mapping("postgres") is not { } reader)
        {
            return defaults;
        }

        var user = reader.String("user");
        var database = reader.String("database");
        var passwordFile = reader.String("passwordFile");
        reader.ReportUnknownKeys();
        return new PostgresProbeSpec
        {
            User = user?.Value ?? defaults.User,
            Database = database?.Value ?? defaults.Database,
            PasswordFile = passwordFile?.Value,
        };
    }

    private static RedisProbeSpec ParseRedis(MappingReader healthCheck)
    {
        if (healthCheck.Mapping("redis") is not { } reader)
        {
            return new RedisProbeSpec();
        }

        var username = reader.String("username");
        var passwordFile = reader.String("passwordFile");
        reader.ReportUnknownKeys();
        return new RedisProbeSpec { Username = username?.Value, PasswordFile = passwordFile?.Value };
    }

    private static void CheckAtLeastOne(Located<int>? threshold, ConfigDiagnostics diagnostics)
    {
        if (threshold is { Value: < 1 } bad)
        {
            diagnostics.Error(bad, $"must be at least 1, not {bad.Value}");
        }
    }

    private static bool IsStatusRange(string text)
    {
        var parts = text.Split('-');
        if (parts.Length > 2 || parts.Any(part => part.Length != 3 || !part.All(char.IsAsciiDigit)))
        {
            return false;
        }

        var low = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var high = int.Parse(parts[^1], CultureInfo.InvariantCulture);
        return low >= 100 && high <= 599 && low <= high;
    }
}
