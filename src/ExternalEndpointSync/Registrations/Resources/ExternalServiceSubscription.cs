using System.Threading.Channels;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Registrations.Resources;

/// <summary>
/// One reader's view of the <see cref="ExternalServiceRegistrations"/>: the registrations as they
/// were when it subscribed, then every change; and the Services whose object was added, changed or
/// removed (<see cref="Touched"/>), so that their status can follow. Disposing it stops both.
/// </summary>
public sealed class ExternalServiceSubscription : IRegistrationSource, IDisposable
{
    private readonly RegistrationSet set;
    private readonly Channel<ServiceKey> touched = Channel.CreateUnbounded<ServiceKey>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Action<ExternalServiceSubscription> unsubscribe;

    internal ExternalServiceSubscription(IReadOnlyList<ExternalServiceSpec> current, Action<ExternalServiceSubscription> unsubscribe)
    {
        set = new RegistrationSet(current);
        this.unsubscribe = unsubscribe;
    }

    public IReadOnlyList<ExternalServiceSpec> Current => set.Current;

    public ChannelReader<RegistrationChange> Changes => set.Changes;

    public ChannelReader<ServiceKey> Touched => touched.Reader;

    public void Dispose()
    {
        unsubscribe(this);
        touched.Writer.TryComplete();
    }

    internal void Replace(IReadOnlyList<ExternalServiceSpec> next) => set.Replace(next);

    internal void Touch(ServiceKey key) => touched.Writer.TryWrite(key);
}
