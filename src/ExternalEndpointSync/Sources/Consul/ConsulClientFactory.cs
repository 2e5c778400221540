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

        var token = ConsulToken.Read(settings, environment);
        var baseAddress = settings.Address.AbsoluteUri.EndsWith('/') ? settings.Address : new Uri(settings.Address.AbsoluteUri + "/");
        var http = new HttpClient(ConsulHttpHandler.Create(settings), disposeHandler: true) { BaseAddress = baseAddress };
        return new ConsulClient(http, token, options.RequestTimeout);
    }
}
