using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;
using ExternalEndpointSync.Sources;

namespace ExternalEndpointSync.Health;

/// <summary>The stage for registrations without probes: an address is ready unless its source says otherwise.</summary>
public sealed class SourceHealthStage : IHealthStage
{
    public Task<HealthOutcome> EvaluateAsync(ExternalServiceSpec service, IReadOnlyList<ResolvedEndpoint> endpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var published = endpoints
            .Select(static e => new PublishedEndpoint { Address = e.Address, Port = e.Port, Ready = e.SourceReady ?? true, Serving = e.SourceReady ?? true })
            .ToList();
        return Task.FromResult(new HealthOutcome(published, HealthReport.NotChecked));
    }

    public void Forget(ServiceKey service)
    {
    }
}
