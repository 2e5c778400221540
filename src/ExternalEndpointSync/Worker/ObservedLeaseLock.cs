using k8s.Autorest;
using k8s.LeaderElection;
using System.Net;

namespace ExternalEndpointSync.Worker;

/// <summary>
/// The Lease lock as the elector uses it, watched on the way: every renewal the API server
/// accepts for us moves the fence's deadline, and any answer about the lease tells readiness
/// that the API server is reachable.
/// </summary>
public sealed class ObservedLeaseLock(ILock inner, LeadershipFence fence, WorkerStatus status, TimeProvider timeProvider) : ILock
{
    public string Identity => inner.Identity;

    public async Task<LeaderElectionRecord> GetAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var record = await inner.GetAsync(cancellationToken);
            status.Contacted();
            return record;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // No lease yet: the API server answered; the elector creates it next.
            status.Contacted();
            throw;
        }
    }

    public Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default) =>
        WriteAsync(record, inner.CreateAsync, cancellationToken);

    public Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default) =>
        WriteAsync(record, inner.UpdateAsync, cancellationToken);

    public string Describe() => inner.Describe();

    private async Task<bool> WriteAsync(
        LeaderElectionRecord record, Func<LeaderElectionRecord, CancellationToken, Task<bool>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var sentAt = timeProvider.GetUtcNow();
        var written = await write(MicroTimes.Truncate(record), cancellationToken);
        if (written)
        {
            status.Contacted();
            if (record.HolderIdentity == Identity)
            {
                fence.Renewed(sentAt);
            }
        }

        return written;
    }
}
