using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Health.Probes;

/// <summary>Up when a verified TLS handshake completes; a certificate close to expiry is reported as a warning.</summary>
public sealed class TlsProbe(TimeProvider timeProvider) : IHealthProbe
{
    /// <summary>How long before its expiry a certificate is reported.</summary>
    public static readonly TimeSpan ExpiryWarningWindow = TimeSpan.FromDays(14);

    public HealthCheckType Type => HealthCheckType.Tls;

    public async Task<ProbeResult> ProbeAsync(ProbeTarget target, HealthCheckSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(spec);
        var connection = await TcpConnector.ConnectAsync(target, cancellationToken);
        await using var tls = await TlsHandshake.AuthenticateAsync(connection, spec.Tls, target.Address.ToString(), null, cancellationToken);
        return tls.RemoteCertificate is X509Certificate2 certificate
            ? ProbeResult.Up(ExpiryWarning(certificate, timeProvider.GetUtcNow()))
            : ProbeResult.Down("server sent no certificate");
    }

    /// <summary>A warning when <paramref name="certificate"/> expires within <see cref="ExpiryWarningWindow"/> of <paramref name="now"/>.</summary>
    public static string? ExpiryWarning(X509Certificate2 certificate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var expiry = notAfter.ToString("u", CultureInfo.InvariantCulture);
        if (notAfter <= now)
        {
            return $"certificate {certificate.Subject} expired at {expiry}";
        }

        return notAfter - now <= ExpiryWarningWindow
            ? $"certificate {certificate.Subject} expires at {expiry}, in {(notAfter - now).TotalDays:0.#} days"
            : null;
    }
}
