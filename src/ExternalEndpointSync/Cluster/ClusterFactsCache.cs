using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Cluster;

/// <summary>
/// Reads the cluster facts at most once per <see cref="MaxAge"/>, so that a worker syncing one
/// service after another lists Nodes once in a while, not once per sync; a new Node or ServiceCIDR
/// is therefore refused within <see cref="MaxAge"/>. A failed read keeps the last good facts (the
/// networks of a cluster change rarely); only without any is the failure passed on.
/// </summary>
public sealed partial class ClusterFactsCache(IClusterFactsSource source, TimeProvider time, ILogger<ClusterFactsCache> logger) : IClusterFactsSource, IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _reading = new(1, 1);
    private ClusterFacts? _facts;
    private long _readAt;

    public async Task<ClusterFacts> ReadAsync(CancellationToken cancellationToken)
    {
        await _reading.WaitAsync(cancellationToken);
        try
        {
            if (_facts is { } fresh && time.GetElapsedTime(_readAt) < MaxAge)
            {
                return fresh;
            }

            try
            {
                _facts = await source.ReadAsync(cancellationToken);
                _readAt = time.GetTimestamp();
                Log.Read(logger, _facts.PodCidrs.Count, _facts.ServiceCidrs.Count, _facts.ServiceCidrsServed, _facts.NodeAddresses.Count);
                return _facts;
            }
            catch (Exception e) when (_facts is { } last && !cancellationToken.IsCancellationRequested)
            {
                Log.Kept(logger, e.Message);
                return last;
            }
        }
        finally
        {
            _reading.Release();
        }
    }

    public void Dispose() => _reading.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventId = 231, Level = LogLevel.Debug, Message = "Read the cluster's networks: {PodCidrs} pod CIDRs, {ServiceCidrs} Service CIDRs (ServiceCIDR served: {ServiceCidrsServed}), {NodeAddresses} node addresses")]
        public static partial void Read(ILogger logger, int podCidrs, int serviceCidrs, bool serviceCidrsServed, int nodeAddresses);

        [LoggerMessage(EventId = 232, Level = LogLevel.Warning, Message = "Could not read the cluster's networks ({Error}); the ExternalService policy keeps the last ones read")]
        public static partial void Kept(ILogger logger, string error);
    }
}
