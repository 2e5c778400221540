using System.Threading.Channels;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sources;

/// <summary>
/// A source that learns of changes by itself (Consul blocking queries) and tells the worker which
/// registration to re-plan, instead of waiting for the next resync.
/// </summary>
public interface IServiceChangeNotifier
{
    /// <summary>Registrations whose answer changed; a key may appear again before it is read.</summary>
    ChannelReader<ServiceKey> Changes { get; }
}
