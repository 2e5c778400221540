using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>The columns <c>kubectl get services</c> prints.</summary>
internal static class ServiceTable
{
    public static IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Type", "The type of the service.", o => o.ObjectOrNull("spec").StringOrNull("type") ?? string.Empty),
        new("Cluster-IP", "The IP address of the service.", o => o.ObjectOrNull("spec").StringOrNull("clusterIP") is { Length: > 0 } ip ? ip : "<none>"),
        new("External-IP", "The external IP address of the service.", ExternalIpCell),
        new("Port(s)", "The port(s) of the service.", PortsCell),
        new("Selector", "The label selector of the service.", o => SelectorCell(o.ObjectOrNull("spec").ObjectOrNull("selector")), Priority: 1),
    ];

    private static string ExternalIpCell(JsonObject obj)
    {
        var spec = obj.ObjectOrNull("spec");
        return spec.StringOrNull("type") switch
        {
            "ExternalName" => spec.StringOrNull("externalName") ?? "<none>",
            "LoadBalancer" => obj.ObjectOrNull("status").ObjectOrNull("loadBalancer").ArrayOrNull("ingress") is { Count: > 0 } ingress
                ? string.Join(",", ingress.Select(i => i.StringOrNull("ip") ?? i.StringOrNull("hostname")))
                : "<pending>",
            _ => spec.ArrayOrNull("externalIPs") is { Count: > 0 } external ? string.Join(",", external.Strings()) : "<none>",
        };
    }

    private static string PortsCell(JsonObject obj)
    {
        var ports = (obj.ObjectOrNull("spec").ArrayOrNull("ports") ?? []).OfType<JsonObject>()
            .Select(p => p.IntegerOrNull("nodePort") is { } nodePort
                ? $"{p.IntegerOrNull("port")}:{nodePort}/{p.StringOrNull("protocol")}"
                : $"{p.IntegerOrNull("port")}/{p.StringOrNull("protocol")}")
            .ToList();
        return ports.Count == 0 ? "<none>" : string.Join(",", ports);
    }

    private static string SelectorCell(JsonObject? selector) =>
        selector is null || selector.Count == 0 ? "<none>" : string.Join(",", selector.StringMap().OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}
