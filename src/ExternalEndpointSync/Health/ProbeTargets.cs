using System.Net;
using ExternalEndpointSync.Health.Probes;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;

namespace ExternalEndpointSync.Health;

/// <summary>Where an endpoint is probed: its address, on <c>healthCheck.port</c>, else its own port, else the first declared port.</summary>
public static class ProbeTargets
{
    /// <summary>The target, or null and the reason the endpoint cannot be probed (which counts as a failed probe).</summary>
    public static (ProbeTarget? Target, string? Error) Resolve(ExternalServiceSpec service, ResolvedEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!IPAddress.TryParse(endpoint.Address, out var address))
        {
            return (null, $"'{endpoint.Address}' is not an IP address");
        }

        var port = service.HealthCheck.Port ?? endpoint.Port ?? (service.Ports.Count > 0 ? service.Ports[0].EndpointPort : null);
        return port is { } p and > 0 and <= 65535
            ? (new ProbeTarget(address, p), null)
            : (null, "no port to probe: set healthCheck.port or declare a port");
    }
}
