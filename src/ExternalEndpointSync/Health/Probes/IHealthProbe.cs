using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Health.Probes;

/// <summary>
/// One kind of health check. A probe answers for one target and never applies its own timeout:
/// the caller cancels it. It may throw (connection refused, TLS rejected); the
/// <see cref="ProbeExecutor"/> turns exceptions and timeouts into failed results.
/// </summary>
public interface IHealthProbe
{
    HealthCheckType Type { get; }

    Task<ProbeResult> ProbeAsync(ProbeTarget target, HealthCheckSpec spec, CancellationToken cancellationToken);
}
