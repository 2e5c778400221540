namespace ExternalEndpointSync.Health;

/// <summary>The health of one address as far as its probes have shown.</summary>
public enum HealthState
{
    /// <summary>Not enough probe results yet; published as <see cref="Model.HealthCheckSpec.InitialHealthy"/> says.</summary>
    Unknown,
    Healthy,
    Unhealthy,
}
