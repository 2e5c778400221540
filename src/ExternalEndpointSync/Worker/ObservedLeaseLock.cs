using ExternalEndpointSync.Reporting.Metrics;
using k8s.Autorest;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using System.Net;

namespace ExternalEndpointSync.Worker;

/// <summary>
/// The Lease lock as the elector uses it, watched on the way: every renewal the API server
/// accepts for us moves the fence's deadline, any answer about the lease tells readiness that
/// the API server is reachable, and every failed lease request counts in the API error metric.
/// </summary>
public sealed class ObservedLeaseLock : ILock
{
    private const string Resource = "leases";

    private readonly LeaseLock inner;
    private readonly LeadershipFence fence;
    private readonly WorkerStatus status;
    private readonly SyncMetrics metrics;
    private readonly TimeProvider timeProvider;

    /// <summary>
    /// KubernetesClient's lock turns an error answer to a create or update into <c>false</c> and
    /// reports the answer only through its event, raised within that call; the elector and the
    /// release use the lock one call at a time, so the last one reported belongs to the call that failed.
    /// </summary>
    private HttpOperationException? lastRefusal;

    public ObservedLeaseLock(LeaseLock inner, LeadershipFence fence, WorkerStatus status, SyncMetrics metrics, TimeProvider timeProvider)
    {
        this.inner = inner ?? throw new ArgumentNullException(nameof(inner));
        this.fence = fence;
        this.status = status;
        this.metrics = metrics;
        this.timeProvider = timeProvider;
        inner.OnHttpError += e => Interlocked.Exchange(ref lastRefusal, e);
    }

    public string Identity => inner.Identity;

    public async Task<LeaderElectionRecord> GetAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var record = await metrics.ApiRequestAsync("get", Resource, () => inner.GetAsync(cancellationToken));
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
        WriteAsync("create", record, inner.CreateAsync, cancellationToken);

    public Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default) =>
        WriteAsync("update", record, inner.UpdateAsync, cancellationToken);

    public string Describe() => inner.Describe();

    private async Task<bool> WriteAsync(
        string verb, LeaderElectionRecord record, Func<LeaderElectionRecord, CancellationToken, Task<bool>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var sentAt = timeProvider.GetUtcNow();
        Interlocked.Exchange(ref lastRefusal, null);
        var written = await metrics.ApiRequestAsync(verb, Resource, () => write(MicroTimes.Truncate(record), cancellationToken));
        if (!written)
        {
            metrics.ApiRequestFailed(verb, Resource, Interlocked.Exchange(ref lastRefusal, null)?.Response.StatusCode);
            return false;
        }

        status.Contacted();
        if (record.HolderIdentity == Identity)
        {
            fence.Renewed(sentAt);
        }

        return true;
    }
}
