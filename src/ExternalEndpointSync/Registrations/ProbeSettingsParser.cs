using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Registrations;

/// <summary>Reads the probe-specific sections of <c>healthCheck</c>: <c>http</c>, <c>tls</c>, <c>postgres</c>, <c>redis</c>.</summary>
internal static class ProbeSettingsParser
{
    public static HttpProbeSpec Http(MappingReader healthCheck)
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

        if (host is { } h && (h.Value.Length == 0 || h.Value.Any(static character => char.IsControl(character) || char.IsWhiteSpace(character))))
        {
            reader.Diagnostics.Error(h, $"must be a host name with an optional :port, without spaces or control characters such as CR or LF: \"{h.Value.ReplaceLineEndings("\\n")}\"");
        }

        if (expectedStatuses is { Count: 0 })
        {
            reader.Diagnostics.Error(reader.PathOf("expectedStatuses"), reader.Node["expectedStatuses"], "must list at least one status code or range");
        }

        var ranges = new List<StatusRange>();
        foreach (var status in expectedStatuses ?? [])
        {
            if (StatusRange.TryParse(status.Value, out var range))
            {
                ranges.Add(range);
            }
            else
            {
                reader.Diagnostics.Error(status, $"{StatusRange.Rule}: \"{status.Value}\"");
            }
        }

        return new HttpProbeSpec
        {
            Method = method?.Value ?? defaults.Method,
            Path = path?.Value ?? defaults.Path,
            ExpectedStatuses = expectedStatuses is null ? defaults.ExpectedStatuses : ranges.ToValueList(),
            Host = host?.Value,
        };
    }

    public static TlsProbeSpec Tls(MappingReader healthCheck)
    {
        if (healthCheck.Mapping("tls") is not { } reader)
        {
            return new TlsProbeSpec();
        }

        var serverName = reader.String("serverName");
        var caFile = reader.String("caFile");
        var insecureSkipVerify = reader.Bool("insecureSkipVerify");
        reader.ReportUnknownKeys();
        DnsName? parsedServerName = null;
        if (serverName is { } name && !DnsName.TryParse(name.Value, out parsedServerName))
        {
            reader.Diagnostics.Error(name, $"{DnsName.Rule}: \"{name.Value}\"");
        }

        return new TlsProbeSpec
        {
            ServerName = parsedServerName,
            CaFile = caFile?.Value,
            InsecureSkipVerify = insecureSkipVerify?.Value ?? false,
        };
    }

    public static PostgresProbeSpec Postgres(MappingReader healthCheck)
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

    public static RedisProbeSpec Redis(MappingReader healthCheck)
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
}
