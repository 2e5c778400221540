using System.Text;
using ExternalEndpointSync.Model;
using k8s.Models;

namespace ExternalEndpointSync.Planning;

/// <summary>
/// Endpoints that share an address family and a port set, and therefore EndpointSlices: the unit
/// Kubernetes' reconciler works on (its "port mapping"). <see cref="Endpoints"/> are in
/// <see cref="CanonicalAddressOrder"/>.
/// </summary>
internal sealed record EndpointGroup(string AddressType, IReadOnlyList<Discoveryv1EndpointPort> Ports, IReadOnlyList<AcceptedEndpoint> Endpoints)
{
    public string Key { get; } = KeyOf(AddressType, Ports);

    /// <summary>Groups accepted endpoints, IPv4 groups first, then by key, each group's endpoints in canonical order.</summary>
    public static IReadOnlyList<EndpointGroup> From(IReadOnlyList<ServicePortSpec> ports, IEnumerable<AcceptedEndpoint> endpoints) =>
        endpoints
            .Select(endpoint => (Endpoint: endpoint, Ports: PortsFor(ports, endpoint.Port)))
            .GroupBy(pair => KeyOf(pair.Endpoint.AddressType, pair.Ports), StringComparer.Ordinal)
            .Select(group => new EndpointGroup(
                group.First().Endpoint.AddressType,
                group.First().Ports,
                [.. group.Select(pair => pair.Endpoint).OrderBy(endpoint => endpoint.Address, CanonicalAddressOrder.Instance)]))
            .OrderBy(group => group.AddressType, StringComparer.Ordinal)
            .ThenBy(group => group.Key, StringComparer.Ordinal)
            .ToList();

    /// <summary>The declared ports in declared order; the first uses the port the source learned for the endpoint, if any.</summary>
    public static IReadOnlyList<Discoveryv1EndpointPort> PortsFor(IReadOnlyList<ServicePortSpec> ports, int? firstEndpointPort) =>
        ports.Select((port, index) => new Discoveryv1EndpointPort
        {
            Name = port.Name ?? "",
            Port = index == 0 && firstEndpointPort is { } learned ? learned : port.EndpointPort,
            Protocol = port.Protocol,
            AppProtocol = port.AppProtocol,
        }).ToList();

    /// <summary>
    /// The identity of a port mapping, with the API server's defaults applied (name "" and
    /// protocol TCP when omitted) so a slice read back matches the slice written.
    /// </summary>
    public static string KeyOf(string? addressType, IEnumerable<Discoveryv1EndpointPort>? ports)
    {
        var key = new StringBuilder(addressType ?? "");
        foreach (var port in ports ?? [])
        {
            key.Append('|').Append(port.Name ?? "")
                .Append(':').Append(port.Port?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "")
                .Append('/').Append(port.Protocol ?? "TCP")
                .Append('/').Append(port.AppProtocol ?? "");
        }

        return key.ToString();
    }
}
