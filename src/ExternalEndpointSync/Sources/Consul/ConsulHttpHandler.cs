using System.Security.Cryptography.X509Certificates;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sources.Consul;

/// <summary>Builds the HTTP handler for Consul: TLS trust in a custom CA and an optional client certificate.</summary>
public static class ConsulHttpHandler
{
    /// <exception cref="ConsulFileException">The CA file, client certificate or key cannot be read or parsed.</exception>
    public static SocketsHttpHandler Create(ConsulSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var authorities = string.IsNullOrEmpty(settings.CaFile) ? null : ReadAuthorities(settings.CaFile);
        var certificate = string.IsNullOrEmpty(settings.ClientCertificateFile) ? null : ReadClientCertificate(settings);
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

    private static X509Certificate2Collection ReadAuthorities(string caFile)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(caFile);
        }
        catch (Exception e) when (ConsulFileException.IsFileFailure(e))
        {
            throw ConsulFileException.For("caFile", caFile, e);
        }

        return authorities.Count > 0
            ? authorities
            : throw new ConsulFileException($"consul.caFile {caFile} holds no PEM certificate");
    }

    private static X509Certificate2 ReadClientCertificate(ConsulSettings settings)
    {
        var certificateFile = settings.ClientCertificateFile!;
        // Which of the two files is at fault decides the message.
        foreach (var (setting, path) in new[] { ("clientCertificateFile", certificateFile), ("clientKeyFile", settings.ClientKeyFile) })
        {
            if (!string.IsNullOrEmpty(path))
            {
                try
                {
                    using var _ = File.OpenRead(path);
                }
                catch (Exception e) when (ConsulFileException.IsFileFailure(e))
                {
                    throw ConsulFileException.For(setting, path, e);
                }
            }
        }

        try
        {
            return X509Certificate2.CreateFromPemFile(certificateFile, settings.ClientKeyFile);
        }
        catch (Exception e) when (ConsulFileException.IsFileFailure(e))
        {
            throw ConsulFileException.For(settings.ClientKeyFile is null ? "clientCertificateFile" : "clientCertificateFile/clientKeyFile", certificateFile, e);
        }
    }
}
