using System.Threading.Channels;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Registrations.ConfigFile;

/// <summary>
/// One reader's view of a <see cref="ReloadingConfigFile"/>: the registrations as they were when it
/// subscribed, then every reload as changes. Disposing it stops the reloads reaching it.
/// </summary>
public sealed class ConfigFileSubscription : IRegistrationSource, IDisposable
{
    private readonly RegistrationSet _set;
    private readonly Action<ConfigFileSubscription> _unsubscribe;

    internal ConfigFileSubscription(IReadOnlyList<ExternalServiceSpec> current, Action<ConfigFileSubscription> unsubscribe)
    {
        _set = new RegistrationSet(current);
        _unsubscribe = unsubscribe;
    }

    public IReadOnlyList<ExternalServiceSpec> Current => _set.Current;

    public ChannelReader<RegistrationChange> Changes => _set.Changes;

    internal void Replace(IReadOnlyList<ExternalServiceSpec> next) => _set.Replace(next);

    public void Dispose() => _unsubscribe(this);
}
