using ExternalEndpointSync.Applier;
using k8s.Autorest;
using k8s.LeaderElection;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Worker;

/// <summary>
/// Steps down as client-go's <c>tryRelease</c> does, which KubernetesClient lacks: the Lease keeps
/// its history but says nobody holds it (holder <c>""</c>; null would send other KubernetesClient
/// electors down their create path into a 409 for ever) and that it expires in one second, so the
/// other replica takes over at its next retry instead of after a whole lease duration.
/// </summary>
public sealed partial class LeaseRelease(ILock leaseLock, TimeProvider timeProvider, ILogger<LeaseRelease> logger)
{
    /// <summary>Releases the lease if the API server still says we hold it; true when released.</summary>
    public async Task<bool> ReleaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            // A fresh read: its resourceVersion makes the update fail if anyone took over since.
            var current = await leaseLock.GetAsync(cancellationToken);
            if (current.HolderIdentity != leaseLock.Identity)
            {
                Log.NotHeld(logger, current.HolderIdentity ?? string.Empty);
                return false;
            }

            var released = await leaseLock.UpdateAsync(
                new LeaderElectionRecord
                {
                    HolderIdentity = string.Empty,
                    LeaseDurationSeconds = 1,
                    AcquireTime = current.AcquireTime,
                    RenewTime = timeProvider.GetUtcNow().UtcDateTime,
                    LeaderTransitions = current.LeaderTransitions,
                },
                cancellationToken);
            if (released)
            {
                Log.Released(logger, leaseLock.Describe());
            }
            else
            {
                Log.NotReleased(logger, leaseLock.Describe(), "the API server refused the update");
            }

            return released;
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            // Without a release the other replica takes over when the lease runs out.
            Log.NotReleased(logger, leaseLock.Describe(), KubernetesErrors.Describe(e));
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 611, Level = LogLevel.Information, Message = "Released the leader lease {Lease}")]
        public static partial void Released(ILogger logger, string lease);

        [LoggerMessage(EventId = 612, Level = LogLevel.Warning, Message = "Could not release the leader lease {Lease}, the other replica takes over when it expires: {Reason}")]
        public static partial void NotReleased(ILogger logger, string lease, string reason);

        [LoggerMessage(EventId = 613, Level = LogLevel.Information, Message = "Not releasing the leader lease: {Holder} holds it now")]
        public static partial void NotHeld(ILogger logger, string holder);
    }
}
