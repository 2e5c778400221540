using System.Threading.Channels;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Registrations.ConfigFile;

/// <summary>
/// The registrations of a configuration file as it was loaded. The file is read once for now;
/// reading it again would <see cref="RegistrationSet.Replace"/> the set, which announces the difference.
/// </summary>
public sealed class FileRegistrationSource(SyncConfig config) : IRegistrationSource
{
    private readonly RegistrationSet _set = new((config ?? throw new ArgumentNullException(nameof(config))).Services);

    public IReadOnlyList<ExternalServiceSpec> Current => _set.Current;

    public ChannelReader<RegistrationChange> Changes => _set.Changes;
}
