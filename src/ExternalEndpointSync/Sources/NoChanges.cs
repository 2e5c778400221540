using System.Threading.Channels;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sources;

/// <summary>A notifier that never announces anything: what a health stage without probes offers.</summary>
public sealed class NoChanges : IServiceChangeNotifier
{
    private static readonly Channel<ServiceKey> Never = Channel.CreateUnbounded<ServiceKey>();

    public ChannelReader<ServiceKey> Changes => Never.Reader;
}
