using System.Security.Cryptography.X509Certificates;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sources.Consul;

/// <summary>Builds the HTTP handler for Consul: TLS trust in a custom CA and an optional client certificate.</summary>
public static class ConsulHttpHandler
{
    public static SocketsHttpHandler Create(ConsulSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var handler = new SocketsHttpHandler
        {
            // Recycled so that a Consul server replaced behind the same name is picked up.
            PooledConnectionLifetime = TimeSpan.FromMinutes(15),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };

        if (!string.IsNullOrEmpty(settings.CaFile))
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(settings.CaFile);
            handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            handler.SslOptions.CertificateChainPolicy.CustomTrustStore.AddRange(authorities);
        }

        if (!string.IsNullOrEmpty(settings.ClientCertificateFile))
        {
            var certificate = X509Certificate2.CreateFromPemFile(settings.ClientCertificateFile, settings.ClientKeyFile);
            handler.SslOptions.ClientCertificates = [certificate];
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        }

        return handler;
    }
}
