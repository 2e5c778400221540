using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sources.Consul;

/// <summary>Creates a <see cref="ConsulClient"/> from the global <c>consul:</c> settings.</summary>
public static class ConsulClientFactory
{
    public static ConsulClient Create(ConsulSettings settings, ConsulSourceOptions options, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        if (settings.Address.Scheme != Uri.UriSchemeHttp && settings.Address.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"consul.address must be http:// or https://, not {settings.Address.Scheme}://", nameof(settings));
        }

        var baseAddress = settings.Address.AbsoluteUri.EndsWith('/') ? settings.Address : new Uri(settings.Address.AbsoluteUri + "/");
        // Files are read when a request needs them, not here: a missing token or certificate then
        // fails only the Consul services, never the static and DNS services beside them.
        return new ConsulClient(baseAddress, () => ConsulHttpHandler.Create(settings), () => ConsulToken.Read(settings, environment), options.RequestTimeout);
    }
}
