using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Health.Probes;

/// <summary>
/// Verifies a server certificate the way a <see cref="TlsProbeSpec"/> asks: system roots, plus
/// the CA bundle of <see cref="TlsProbeSpec.CaFile"/>, or nothing at all with
/// <see cref="TlsProbeSpec.InsecureSkipVerify"/>. Remembers why it rejected a certificate, because
/// the TLS stack only reports that the callback said no.
/// </summary>
public sealed class CertificateVerifier
{
    private readonly TlsProbeSpec _spec;
    private readonly X509Certificate2Collection? _extraRoots;

    private CertificateVerifier(TlsProbeSpec spec, X509Certificate2Collection? extraRoots)
    {
        _spec = spec;
        _extraRoots = extraRoots;
    }

    /// <summary>Why the last certificate was rejected; null when none was.</summary>
    public string? Rejection { get; private set; }

    /// <summary>Reads the CA bundle on every call, so a rotated file is picked up by the next probe.</summary>
    public static CertificateVerifier Create(TlsProbeSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.InsecureSkipVerify || spec.CaFile is null)
        {
            return new CertificateVerifier(spec, null);
        }

        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(spec.CaFile);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new ProbeFailedException($"cannot read CA file {spec.CaFile}: {exception.Message}", exception);
        }

        return new CertificateVerifier(spec, roots);
    }

    public bool Verify(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_spec.InsecureSkipVerify || errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (_extraRoots is null || certificate is not X509Certificate2 leaf || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return Reject(errors, chain);
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.CustomTrustStore.AddRange(_extraRoots);
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return custom.Build(leaf) || Reject(errors, custom);
    }

    private bool Reject(SslPolicyErrors errors, X509Chain? chain)
    {
        var statuses = chain?.ChainStatus.Select(static s => s.Status.ToString()).Distinct().ToList() ?? [];
        Rejection = statuses.Count == 0
            ? $"certificate rejected: {errors}"
            : $"certificate rejected: {errors} ({string.Join(", ", statuses)})";
        return false;
    }
}
