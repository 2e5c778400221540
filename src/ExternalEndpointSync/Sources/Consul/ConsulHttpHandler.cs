using System.Security.Cryptography.X509Certificates;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sources.Consul;

/// <summary>Builds the HTTP handler for Consul: TLS trust in a custom CA and an optional client certificate.</summary>
public static class ConsulHttpHandler
{
    /// <exception cref="ConsulFileException">The CA file, client certificate or key cannot be used (<see cref="ConsulFileReader"/>).</exception>
    public static SocketsHttpHandler Create(ConsulSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var authorities = string.IsNullOrEmpty(settings.CaFile) ? null : ConsulFileReader.ReadAuthorities(settings.CaFile);
        // Only the pair makes a client certificate; the configuration refuses one without the other.
        var certificate = settings is { ClientCertificateFile: { Length: > 0 } certificateFile, ClientKeyFile: { Length: > 0 } keyFile }
            ? ConsulFileReader.ReadClientCertificate(certificateFile, keyFile)
            : null;
        var handler = new SocketsHttpHandler
        {
            // Recycled so that a Consul server replaced behind the same name is picked up.
            PooledConnectionLifetime = TimeSpan.FromMinutes(15),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };

        if (authorities is not null)
        {
            handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            handler.SslOptions.CertificateChainPolicy.CustomTrustStore.AddRange(authorities);
        }

        if (certificate is not null)
        {
            handler.SslOptions.ClientCertificates = [certificate];
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        }

        return handler;
    }
}
