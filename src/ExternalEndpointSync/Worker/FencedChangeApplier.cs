using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Planning;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Worker;

/// <summary>
/// The worker's only way to write: a plan is applied only while this replica leads, under the
/// term's write token, so the writes of a replica that lost its lease are cancelled and none start after.
/// </summary>
public sealed partial class FencedChangeApplier(
    IChangeApplier inner, LeadershipFence fence, ILogger<FencedChangeApplier> logger, CancellationToken termWrites) : IChangeApplier
{
    public async Task<ApplyOutcome> ApplyAsync(ServicePlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        // The term's own token, not the fence's current one: a loop of a term that was lost
        // must not write under the next term it knows nothing about.
        if (!fence.IsLeading || termWrites.IsCancellationRequested)
        {
            Log.Refused(logger, plan.Key.ToString());
            return new ApplyOutcome { Error = "not written: this replica does not hold the leader lease" };
        }

        // The loop's own token ends at SIGTERM; a plan already started finishes under the lease
        // (the term token), so no service is left half-written when the worker steps down.
        return await inner.ApplyAsync(plan, termWrites);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 601, Level = LogLevel.Warning, Message = "Not writing {Service}: this replica does not hold the leader lease")]
        public static partial void Refused(ILogger logger, string service);
    }
}
