using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Registrations;

/// <summary>Reads <c>source</c>: exactly one of <c>static</c>, <c>dns</c>, <c>consul</c>.</summary>
internal static class SourceParser
{
    private const string Kinds = "static, dns, consul";

    public static IReadOnlyList<string> KindNames { get; } = ["static", "dns", "consul"];

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

        var sources = new List<(string Kind, SourceSpec? Spec)>();
        if (reader.Mapping("static") is { } staticReader)
        {
            sources.Add(("static", StaticSourceParser.Parse(staticReader)));
        }

        if (reader.Mapping("dns") is { } dnsReader)
        {
            sources.Add(("dns", DnsSourceParser.Parse(dnsReader, declaredPorts)));
        }

        if (reader.Mapping("consul") is { } consulReader)
        {
            sources.Add(("consul", ConsulSourceParser.Parse(consulReader)));
        }

        reader.ReportUnknownKeys();
        var onlyKnownKeys = reader.Node.Entries.All(pair => pair.Key.Value is "static" or "dns" or "consul");
        if (sources.Count == 0 && onlyKnownKeys)
        {
            entry.Diagnostics.Error(value, $"needs exactly one of {Kinds}");
        }
        else if (sources.Count > 1)
        {
            var second = sources[1].Kind;
            entry.Diagnostics.Error(reader.PathOf(second), reader.Node.Entries.First(pair => pair.Key.Value == second).Key,
                $"needs exactly one of {Kinds}, but has {string.Join(" and ", sources.Select(source => source.Kind))}");
        }

        return sources.Count == 1 ? sources[0].Spec : null;
    }
}
