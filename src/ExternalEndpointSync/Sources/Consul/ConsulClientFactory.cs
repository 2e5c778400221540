using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sources.Consul;

/// <summary>Creates a <see cref="ConsulClient"/> from the global <c>consul:</c> settings.</summary>
public static class ConsulClientFactory
{
    public static ConsulClient Create(ConsulSettings settings, ConsulSourceOptions options, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        // Files are read when a request needs them, not here: a missing token or certificate then
        // fails only the Consul services, never the static and DNS services beside them.
        return new ConsulClient(settings.Address.Uri, () => ConsulHttpHandler.Create(settings), () => ConsulToken.Read(settings, environment), options.RequestTimeout);
    }
}
