using System.Globalization;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Registrations;

/// <summary>Reads <c>source.dns</c>.</summary>
internal static class DnsSourceParser
{
    private static readonly Dictionary<string, DnsRecordType> RecordTypes = new(StringComparer.Ordinal)
    {
        ["A"] = DnsRecordType.A,
        ["AAAA"] = DnsRecordType.AAAA,
        ["A+AAAA"] = DnsRecordType.AAndAAAA,
        ["SRV"] = DnsRecordType.SRV,
    };

    public static DnsSourceSpec Parse(MappingReader reader, int declaredPorts)
    {
        var diagnostics = reader.Diagnostics;
        var name = reader.String("name");
        var type = reader.Enum("type", RecordTypes);
        var nameservers = reader.StringList("nameservers");
        var minTtl = reader.Duration("minTtl");
        var maxTtl = reader.Duration("maxTtl");
        var emptyAfter = reader.Int("emptyAfter");
        var timeout = reader.Duration("timeout");
        var retries = reader.Int("retries");
        reader.Required("name", "the DNS name to resolve");
        reader.ReportUnknownKeys();

        if (name is { } n && !KubernetesNames.IsDnsName(n.Value))
        {
            diagnostics.Error(n, $"must be a DNS name (labels of letters, digits, '-' and '_' joined by '.', at most 63 characters each and 253 in all): \"{n.Value}\"");
        }

        CheckNameservers(nameservers, diagnostics);

        if (type is { Value: DnsRecordType.SRV } srv && declaredPorts == 0)
        {
            diagnostics.Error(srv, "SRV needs at least one declared port: the SRV records give the endpoint port of the first one");
        }

        var defaults = new DnsSourceSpec { Name = "" };
        var spec = new DnsSourceSpec
        {
            Name = name?.Value.TrimEnd('.') ?? "",
            Type = type?.Value ?? defaults.Type,
            Nameservers = [.. (nameservers ?? []).Select(server => server.Value)],
            MinTtl = minTtl?.Value ?? defaults.MinTtl,
            MaxTtl = maxTtl?.Value ?? defaults.MaxTtl,
            EmptyAfter = emptyAfter?.Value ?? defaults.EmptyAfter,
            Timeout = timeout?.Value ?? defaults.Timeout,
            Retries = retries?.Value ?? defaults.Retries,
        };
        ConfigBounds.Check(minTtl, ConfigBounds.MinDnsTtl, ConfigBounds.MaxDnsTtl, diagnostics);
        ConfigBounds.Check(maxTtl, ConfigBounds.MinDnsTtl, ConfigBounds.MaxDnsTtl, diagnostics);
        ConfigBounds.Check(emptyAfter, 1, ConfigBounds.MaxEmptyAfter, diagnostics);
        ConfigBounds.Check(timeout, ConfigBounds.MinDnsTimeout, ConfigBounds.MaxDnsTimeout, diagnostics);
        ConfigBounds.Check(retries, 0, ConfigBounds.MaxDnsRetries, diagnostics);
        if (spec.MinTtl > spec.MaxTtl)
        {
            var node = minTtl ?? maxTtl;
            diagnostics.Error(node!.Value.Path, node.Value.Node,
                $"minTtl ({DurationParser.Format(spec.MinTtl)}) must not be greater than maxTtl ({DurationParser.Format(spec.MaxTtl)})");
        }

        return spec;
    }

    /// <summary>Reports every entry of a <c>nameservers</c> list that is not a name server address.</summary>
    internal static void CheckNameservers(IReadOnlyList<Located<string>>? nameservers, ConfigDiagnostics diagnostics)
    {
        foreach (var server in nameservers ?? [])
        {
            if (!IsNameserver(server.Value))
            {
                diagnostics.Error(server, $"must be an IP address, ip:port or [ipv6]:port with a port between 1 and 65535: \"{server.Value}\"");
            }
        }
    }

    /// <summary><c>ip</c>, <c>ip:port</c> or <c>[ipv6]:port</c>.</summary>
    private static bool IsNameserver(string text)
    {
        string host;
        string? port = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
            {
                return false;
            }

            host = text[1..close];
            port = text[(close + 2)..];
            if (!host.Contains(':', StringComparison.Ordinal))
            {
                return false;
            }
        }
        else if (text.Count(character => character == ':') == 1)
        {
            host = text[..text.IndexOf(':', StringComparison.Ordinal)];
            port = text[(text.IndexOf(':', StringComparison.Ordinal) + 1)..];
        }
        else
        {
            host = text;
        }

        return EndpointAddressRules.TryParseLiteral(host, out _, out _)
            && (port is null || (port.All(char.IsAsciiDigit) && int.TryParse(port, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 65535));
    }
}
