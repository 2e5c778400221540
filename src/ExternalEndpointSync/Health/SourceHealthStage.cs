using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;
using ExternalEndpointSync.Sources;

namespace ExternalEndpointSync.Health;

/// <summary>
/// The stage for registrations without probes: an address is ready unless its source says
/// otherwise, and of priority groups (SRV) the best one with a ready address is published.
/// </summary>
public sealed class SourceHealthStage : IHealthStage
{
    public Task<HealthOutcome> EvaluateAsync(ExternalServiceSpec service, IReadOnlyList<ResolvedEndpoint> endpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = PriorityGroupSelection.Select(endpoints, static e => e.Priority, static e => e.SourceReady ?? true);
        var published = group.Published
            .Select(static e => new PublishedEndpoint { Address = e.Address, Port = e.Port, Ready = e.SourceReady ?? true, Serving = e.SourceReady ?? true })
            .ToList();
        return Task.FromResult(new HealthOutcome(published, ServiceHealthSummary.NotChecked));
    }

    public void Forget(ServiceKey service)
    {
    }
}
