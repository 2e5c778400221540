using System.Threading.Channels;
using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;

namespace ExternalEndpointSync.Registrations.Policy;

/// <summary>
/// The ExternalServices a change of the cluster facts concerns (a new pod CIDR: all of them; a
/// relabelled namespace: the ones in it), as a change notifier the sync loop drains into its
/// re-plan queue, so that they are judged again at once without a full resync. One per loop, like
/// <see cref="DriftNotifier"/>.
/// </summary>
public sealed class ClusterFactsNotifier : IServiceChangeNotifier, IDisposable
{
    private readonly Channel<ServiceKey> changes = Channel.CreateUnbounded<ServiceKey>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IDisposable subscription;

    public ClusterFactsNotifier(ClusterFactsCache facts, RegistrationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(policy);
        subscription = facts.SubscribeChanges(change =>
        {
            foreach (var key in policy.TakeJudged(change))
            {
                changes.Writer.TryWrite(key);
            }
        });
    }

    public ChannelReader<ServiceKey> Changes => changes.Reader;

    public void Dispose()
    {
        subscription.Dispose();
        changes.Writer.TryComplete();
    }
}
