using System.Threading.Channels;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Registrations;

/// <summary>
/// Where registrations come from (the configuration file, <c>ExternalService</c> objects): what
/// is registered now, and every later addition, change and removal, in order. A registration
/// is identified by its Service and its <see cref="RegistrationOrigin.Declarer"/>, so two
/// declarers may register one Service; which of them wins is decided before planning.
/// </summary>
public interface IRegistrationSource
{
    /// <summary>The registrations as they are when a reader starts; <see cref="Changes"/> carries on from there.</summary>
    IReadOnlyList<ExternalServiceSpec> Current { get; }

    ChannelReader<RegistrationChange> Changes { get; }
}
