using System.Threading.Channels;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;

namespace ExternalEndpointSync.Cluster;

/// <summary>
/// The services whose owned objects drifted (<see cref="OwnedObjectCache.SubscribeDrift"/>), as a
/// change notifier the sync loop drains into its re-plan queue, until disposed. One per loop, so
/// that a worker's next leader term starts with its own.
/// </summary>
public sealed class DriftNotifier : IServiceChangeNotifier, IDisposable
{
    private readonly Channel<ServiceKey> changes = Channel.CreateUnbounded<ServiceKey>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IDisposable subscription;

    public DriftNotifier(OwnedObjectCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        subscription = cache.SubscribeDrift(key => changes.Writer.TryWrite(key));
    }

    public ChannelReader<ServiceKey> Changes => changes.Reader;

    public void Dispose()
    {
        subscription.Dispose();
        changes.Writer.TryComplete();
    }
}
