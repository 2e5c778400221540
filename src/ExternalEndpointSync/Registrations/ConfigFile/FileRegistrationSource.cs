using System.Threading.Channels;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Registrations.ConfigFile;

/// <summary>
/// The registrations of a configuration file as it was loaded, never read again: what <c>sync</c>
/// runs on. <c>run</c> follows the file through <see cref="ReloadingConfigFile"/> instead.
/// </summary>
public sealed class FileRegistrationSource(SyncConfig config) : IRegistrationSource
{
    private readonly RegistrationSet _set = new((config ?? throw new ArgumentNullException(nameof(config))).Services);

    public IReadOnlyList<ExternalServiceSpec> Current => _set.Current;

    public ChannelReader<RegistrationChange> Changes => _set.Changes;
}
