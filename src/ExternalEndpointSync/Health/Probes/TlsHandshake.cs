using System.Net.Security;
using System.Security.Authentication;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Health.Probes;

/// <summary>The client side of a TLS handshake shared by the <c>https</c> and <c>tls</c> probes.</summary>
public static class TlsHandshake
{
    /// <summary>
    /// Authenticates the server on <paramref name="inner"/>; SNI and the verified name are
    /// <see cref="TlsProbeSpec.ServerName"/>, else <paramref name="defaultServerName"/>. A rejected
    /// certificate throws <see cref="ProbeFailedException"/> with the reason. Owns
    /// <paramref name="inner"/> from the call on, also when it fails.
    /// </summary>
    public static async Task<SslStream> AuthenticateAsync(
        Stream inner,
        TlsProbeSpec spec,
        string defaultServerName,
        IReadOnlyList<SslApplicationProtocol>? applicationProtocols,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        CertificateVerifier verifier;
        try
        {
            verifier = CertificateVerifier.Create(spec);
        }
        catch
        {
            await inner.DisposeAsync();
            throw;
        }

        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = spec.ServerName?.Value ?? defaultServerName,
            RemoteCertificateValidationCallback = verifier.Verify,
            ApplicationProtocols = applicationProtocols?.ToList(),
        };
        try
        {
            await ssl.AuthenticateAsClientAsync(options, cancellationToken);
            return ssl;
        }
        catch (AuthenticationException exception) when (verifier.Rejection is not null)
        {
            await ssl.DisposeAsync();
            throw new ProbeFailedException(verifier.Rejection, exception);
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }
    }
}
