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

    /// <summary>Stands in for a missing or malformed name; the diagnostics already make the file invalid.</summary>
    private static readonly DnsName Placeholder = DnsName.Parse("invalid");

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

        DnsName? dnsName = null;
        if (name is { } n && !DnsName.TryParse(n.Value, out dnsName))
        {
            diagnostics.Error(n, $"{DnsName.Rule}: \"{n.Value}\"");
        }

        var parsedNameservers = ParseNameservers(nameservers, diagnostics);

        if (type is { Value: DnsRecordType.SRV } srv && declaredPorts == 0)
        {
            diagnostics.Error(srv, "SRV needs at least one declared port: the SRV records give the endpoint port of the first one");
        }

        var defaults = new DnsSourceSpec { Name = Placeholder };
        var spec = new DnsSourceSpec
        {
            Name = dnsName ?? Placeholder,
            Type = type?.Value ?? defaults.Type,
            Nameservers = parsedNameservers,
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

    /// <summary>The entries of a <c>nameservers</c> list, reporting those that are not a name server address.</summary>
    internal static ValueList<Nameserver> ParseNameservers(IReadOnlyList<Located<string>>? nameservers, ConfigDiagnostics diagnostics)
    {
        var parsed = new List<Nameserver>();
        foreach (var server in nameservers ?? [])
        {
            if (Nameserver.TryParse(server.Value, out var nameserver))
            {
                parsed.Add(nameserver);
            }
            else
            {
                diagnostics.Error(server, $"{Nameserver.Rule}: \"{server.Value}\"");
            }
        }

        return parsed.ToValueList();
    }
}
