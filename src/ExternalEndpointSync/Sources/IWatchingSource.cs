using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sources;

/// <summary>
/// A source that can keep watching a registration in the background (Consul blocking queries)
/// and announce changes on <see cref="IServiceChangeNotifier.Changes"/>; used by the
/// long-running modes, while one-shot syncs just read.
/// </summary>
public interface IWatchingSource : IEndpointSource, IServiceChangeNotifier
{
    /// <summary>Starts watching, or restarts when the registration's source changed; a no-op otherwise.</summary>
    void StartWatching(ExternalServiceSpec service);
}
