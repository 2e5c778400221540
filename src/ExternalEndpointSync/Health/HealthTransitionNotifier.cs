using System.Threading.Channels;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;

namespace ExternalEndpointSync.Health;

/// <summary>Announces the services whose addresses changed health, so they are re-planned at once.</summary>
public sealed class HealthTransitionNotifier(ProbingHealthStage stage) : IServiceChangeNotifier
{
    public ChannelReader<ServiceKey> Changes => stage.Transitions;
}
