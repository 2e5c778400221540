using System.Net;
using System.Net.Security;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Health.Probes;

/// <summary>
/// The <c>http</c> and <c>https</c> probes: one HTTP/1.1 request on a fresh connection to the
/// target address, up when the status is one of <see cref="HttpProbeSpec.ExpectedStatuses"/>.
/// TLS is done in the connect callback, not by the handler, so the Host header, SNI and the
/// verified name can differ and the trust settings are the probe's own.
/// </summary>
public sealed class HttpProbe : IHealthProbe
{
    private static readonly SslApplicationProtocol[] Http11 = [SslApplicationProtocol.Http11];

    private HttpProbe(HealthCheckType type) => Type = type;

    public static HttpProbe Http { get; } = new(HealthCheckType.Http);

    public static HttpProbe Https { get; } = new(HealthCheckType.Https);

    public HealthCheckType Type { get; }

    public async Task<ProbeResult> ProbeAsync(ProbeTarget target, HealthCheckSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(spec);
        var http = spec.Http;
        var path = http.Path.StartsWith('/') ? http.Path : "/" + http.Path;
        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            ConnectCallback = (_, token) => ConnectAsync(target, spec, token),
        };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(new HttpMethod(http.Method), new Uri($"http://{target}{path}"))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (http.Host is not null)
        {
            request.Headers.Host = http.Host;
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var status = (int)response.StatusCode;
        return http.ExpectedStatuses.Any(range => range.Contains(status))
            ? ProbeResult.Up()
            : ProbeResult.Down($"HTTP {status} from {http.Method} {path}, expected {string.Join(", ", http.ExpectedStatuses)}");
    }

    private async ValueTask<Stream> ConnectAsync(ProbeTarget target, HealthCheckSpec spec, CancellationToken cancellationToken)
    {
        var connection = await TcpConnector.ConnectAsync(target, cancellationToken);
        if (Type != HealthCheckType.Https)
        {
            return connection;
        }

        var serverName = spec.Http.Host ?? target.Address.ToString();
        return await TlsHandshake.AuthenticateAsync(connection, spec.Tls, StripPort(serverName), Http11, cancellationToken);
    }

    private static string StripPort(string host)
    {
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? host[1..close] : host;
        }

        var colon = host.LastIndexOf(':');
        return colon > 0 && host.IndexOf(':', StringComparison.Ordinal) == colon ? host[..colon] : host;
    }
}
