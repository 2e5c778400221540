using System.Globalization;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Configuration;

/// <summary>Reads <c>source</c>: exactly one of <c>static</c>, <c>dns</c>, <c>consul</c>.</summary>
internal static class SourceParser
{
    private const string Kinds = "static, dns, consul";

    private static readonly Dictionary<string, DnsRecordType> RecordTypes = new(StringComparer.Ordinal)
    {
        ["A"] = DnsRecordType.A,
        ["AAAA"] = DnsRecordType.AAAA,
        ["A+AAAA"] = DnsRecordType.AAndAAAA,
        ["SRV"] = DnsRecordType.SRV,
    };

    public static SourceSpec? Parse(MappingReader entry, int declaredPorts)
    {
        if (entry.Value("source") is not { } value)
        {
            entry.Diagnostics.Error(entry.PathOf("source"), entry.Node, $"is required: the service needs exactly one of {Kinds}");
            return null;
        }

        if (MappingReader.For(value.Node, value.Path, entry.Diagnostics) is not { } reader)
        {
            return null;
        }

        var candidates = new List<(string Kind, Func<SourceSpec?> Parse)>();
        if (reader.Mapping("static") is { } staticReader)
        {
            candidates.Add(("static", () => ParseStatic(staticReader)));
        }

        if (reader.Mapping("dns") is { } dnsReader)
        {
            candidates.Add(("dns", () => ParseDns(dnsReader, declaredPorts)));
        }

        if (reader.Mapping("consul") is { } consulReader)
        {
            candidates.Add(("consul", () => ParseConsul(consulReader)));
        }

        reader.ReportUnknownKeys();
        var sources = candidates.Select(candidate => candidate.Parse()).ToList();
        if (candidates.Count == 0 && reader.Node.Entries.All(pair => pair.Key.Value is "static" or "dns" or "consul"))
        {
            entry.Diagnostics.Error(value, $"needs exactly one of {Kinds}");
        }
        else if (candidates.Count > 1)
        {
            var second = candidates[1].Kind;
            entry.Diagnostics.Error(reader.PathOf(second), reader.Node.Entries.First(pair => pair.Key.Value == second).Key,
                $"needs exactly one of {Kinds}, but has {string.Join(" and ", candidates.Select(candidate => candidate.Kind))}");
        }

        return candidates.Count == 1 ? sources[0] : null;
    }

    private static StaticSourceSpec? ParseStatic(MappingReader reader)
    {
        var items = reader.StringList("addresses");
        reader.Required("addresses", "a list of IP addresses");
        reader.ReportUnknownKeys();
        if (items is null)
        {
            return null;
        }

        if (items.Count == 0)
        {
            reader.Diagnostics.Error(reader.PathOf("addresses"), reader.Node["addresses"], "must list at least one IP address");
        }

        var addresses = new List<string>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var text = item.Value.Trim();
            if (!EndpointAddressRules.TryParseLiteral(text, out var address, out var malformed))
            {
                reader.Diagnostics.Error(item, $"{malformed}: \"{item.Value}\"");
                continue;
            }

            if (EndpointAddressRules.RejectionReason(address) is { } rejected)
            {
                reader.Diagnostics.Warning(item, $"\"{text}\" is a {rejected}, which Kubernetes never accepts as an endpoint; it will be dropped");
            }

            if (!seen.TryAdd(address.ToString(), item.Path))
            {
                reader.Diagnostics.Warning(item, $"\"{text}\" is listed twice (also {seen[address.ToString()]}); it is published once");
                continue;
            }

            addresses.Add(text);
        }

        return new StaticSourceSpec { Addresses = addresses };
    }

    private static DnsSourceSpec? ParseDns(MappingReader reader, int declaredPorts)
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

        foreach (var server in nameservers ?? [])
        {
            if (!IsNameserver(server.Value))
            {
                diagnostics.Error(server, $"must be an IP address, ip:port or [ipv6]:port with a port between 1 and 65535: \"{server.Value}\"");
            }
        }

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
        if (spec.MinTtl > spec.MaxTtl)
        {
            var node = minTtl ?? maxTtl;
            diagnostics.Error(node!.Value.Path, node.Value.Node,
                $"minTtl ({DurationParser.Format(spec.MinTtl)}) must not be greater than maxTtl ({DurationParser.Format(spec.MaxTtl)})");
        }

        if (emptyAfter is { Value: < 1 } badEmptyAfter)
        {
            diagnostics.Error(badEmptyAfter, $"must be at least 1 (consecutive empty answers before the Service is emptied), not {badEmptyAfter.Value}");
        }

        if (timeout is { } t && t.Value <= TimeSpan.Zero)
        {
            diagnostics.Error(t, "must be greater than 0s");
        }

        if (retries is { Value: < 0 } badRetries)
        {
            diagnostics.Error(badRetries, $"must be 0 or more, not {badRetries.Value}");
        }

        return spec;
    }

    private static ConsulSourceSpec? ParseConsul(MappingReader reader)
    {
        var service = reader.String("service");
        var tags = reader.StringList("tags");
        var datacenter = reader.String("datacenter");
        var ns = reader.String("namespace");
        var partition = reader.String("partition");
        var onlyPassing = reader.Bool("onlyPassing");
        var addressPreference = reader.StringList("addressPreference");
        reader.Required("service", "the Consul service name");
        reader.ReportUnknownKeys();

        if (service is { Value.Length: 0 } empty)
        {
            reader.Diagnostics.Error(empty, "must not be empty");
        }

        return new ConsulSourceSpec
        {
            Service = service?.Value ?? "",
            Tags = [.. (tags ?? []).Select(tag => tag.Value)],
            Datacenter = datacenter?.Value,
            Namespace = ns?.Value,
            Partition = partition?.Value,
            OnlyPassing = onlyPassing?.Value ?? false,
            AddressPreference = [.. (addressPreference ?? []).Select(item => item.Value)],
        };
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
