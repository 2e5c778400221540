using ExternalEndpointSync.Planning;

namespace ExternalEndpointSync.Applier;

/// <summary>
/// The only writer. Applies one service's changes in order; API failures come back in the
/// outcome instead of being thrown, so one service never stops another.
/// </summary>
public interface IChangeApplier
{
    Task<ApplyOutcome> ApplyAsync(ServicePlan plan, CancellationToken cancellationToken);
}
