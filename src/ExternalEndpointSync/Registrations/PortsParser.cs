using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Registrations;

/// <summary>Reads <c>ports</c> and applies the Service port rules of the API server.</summary>
internal static class PortsParser
{
    private static readonly Dictionary<string, string> Protocols = new(StringComparer.Ordinal)
    {
        ["TCP"] = "TCP",
        ["UDP"] = "UDP",
        ["SCTP"] = "SCTP",
    };

    /// <summary>The valid ports, and how many were declared: rules such as "ClusterIP needs a port" count an invalid port as declared, so that it is reported once, not again as missing.</summary>
    public static (IReadOnlyList<ServicePortSpec> Ports, int Declared) Parse(MappingReader entry)
    {
        var items = entry.Sequence("ports");
        if (items is null)
        {
            return ([], 0);
        }

        var diagnostics = entry.Diagnostics;
        var ports = new List<ServicePortSpec>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var numbers = new Dictionary<(string, int), string>();
        foreach (var item in items)
        {
            if (MappingReader.For(item.Node, item.Path, diagnostics) is not { } reader)
            {
                continue;
            }

            var name = reader.String("name");
            var port = reader.Int("port");
            var protocol = reader.Enum("protocol", Protocols);
            var targetPort = reader.Int("targetPort");
            var appProtocol = reader.String("appProtocol");
            reader.Required("port", "the Service port, 1-65535");
            reader.ReportUnknownKeys();

            if (name is { } n)
            {
                if (!KubernetesNames.IsDns1123Label(n.Value))
                {
                    diagnostics.Error(n, $"{KubernetesNames.Dns1123LabelRule}: \"{n.Value}\"");
                }
                else if (!names.TryAdd(n.Value, n.Path))
                {
                    diagnostics.Error(n, $"duplicate port name \"{n.Value}\" (also used by {names[n.Value]})");
                }
            }
            else if (items.Count > 1)
            {
                diagnostics.Error(reader.PathOf("name"), reader.Node, "is required when the service has more than one port");
            }

            CheckPortNumber(port, diagnostics);
            CheckPortNumber(targetPort, diagnostics);
            if (appProtocol is { } app && !KubernetesNames.IsQualifiedName(app.Value))
            {
                diagnostics.Error(app, $"{KubernetesNames.QualifiedNameRule}: \"{app.Value}\"");
            }

            var protocolName = protocol?.Value ?? "TCP";
            if (port is { Value: >= 1 and <= 65535 } p && !numbers.TryAdd((protocolName, p.Value), item.Path))
            {
                diagnostics.Error(p, $"duplicate port {protocolName}/{p.Value} (also declared by {numbers[(protocolName, p.Value)]})");
            }

            if (port is { } declared)
            {
                ports.Add(new ServicePortSpec
                {
                    Name = name?.Value,
                    Port = declared.Value,
                    Protocol = protocolName,
                    TargetPort = targetPort?.Value,
                    AppProtocol = appProtocol?.Value,
                });
            }
        }

        return (ports, items.Count);
    }

    public static void CheckPortNumber(Located<int>? port, ConfigDiagnostics diagnostics)
    {
        if (port is { Value: < 1 or > 65535 } bad)
        {
            diagnostics.Error(bad, $"must be a port number between 1 and 65535, not {bad.Value}");
        }
    }
}
