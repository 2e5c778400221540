using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Health.Probes;

/// <summary>Up when a TCP connection can be established.</summary>
public sealed class TcpProbe : IHealthProbe
{
    public HealthCheckType Type => HealthCheckType.Tcp;

    public async Task<ProbeResult> ProbeAsync(ProbeTarget target, HealthCheckSpec spec, CancellationToken cancellationToken)
    {
        await using var connection = await TcpConnector.ConnectAsync(target, cancellationToken);
        return ProbeResult.Up();
    }
}
