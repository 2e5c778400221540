using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Configuration;

/// <summary>
/// Reads the files of the <c>consul</c> section once, at load, and checks that each is what it
/// should be: a token of printable ASCII, a CA bundle with at least one certificate, a client
/// certificate whose key matches. Each problem is an error at the field that names the file.
/// </summary>
internal static class ConsulFilesReader
{
    /// <summary>A Consul ACL token is a 36-character UUID; anything near this size is not one.</summary>
    public const int MaxTokenFileBytes = 4096;

    /// <summary>The largest PEM file read (CA bundle, client certificate or key).</summary>
    public const int MaxPemFileBytes = 1024 * 1024;

    public static ConsulFiles Read(Located<string>? tokenFile, Located<string>? caFile, Located<string>? certificateFile, Located<string>? keyFile, ConfigDiagnostics diagnostics)
    {
        var token = tokenFile is { } t ? ReadToken(t, diagnostics) : null;
        var caBundle = caFile is { } c ? ReadCaBundle(c, diagnostics) : null;
        string? certificate = null;
        SecretText? key = null;
        if (certificateFile is { } certificatePath && keyFile is { } keyPath)
        {
            certificate = ReadPem(certificatePath, diagnostics);
            var keyText = ReadPem(keyPath, diagnostics);
            if (certificate is not null && keyText is not null && !IsCertificateWithKey(certificatePath, keyPath, certificate, keyText, diagnostics))
            {
                certificate = null;
            }

            key = keyText is null ? null : new SecretText(keyText);
        }

        return new ConsulFiles { Token = token, CaBundlePem = caBundle, ClientCertificatePem = certificate, ClientKeyPem = key };
    }

    private static SecretText? ReadToken(Located<string> file, ConfigDiagnostics diagnostics)
    {
        var (bytes, problem) = ReferencedFile.ReadBytes(file.Value, MaxTokenFileBytes, "MaxTokenFileBytes");
        if (bytes is null)
        {
            diagnostics.Error(file, $"cannot read token file \"{file.Value}\": {problem}");
            return null;
        }

        var text = System.Text.Encoding.Latin1.GetString(bytes).Trim();
        if (text.Length == 0)
        {
            // Refused rather than read as "no token": an empty file is usually a secret not mounted yet.
            diagnostics.Error(file, $"token file \"{file.Value}\" is empty; write the Consul ACL token into it, or remove tokenFile to use tokenEnv");
            return null;
        }

        var bad = text.AsSpan().IndexOfAnyExceptInRange('!', '~');
        if (bad >= 0)
        {
            diagnostics.Error(file, $"token file \"{file.Value}\" must hold one token of printable ASCII characters, but has byte 0x{(int)text[bad]:X2} at offset {bad}");
            return null;
        }

        return new SecretText(text);
    }

    private static string? ReadCaBundle(Located<string> file, ConfigDiagnostics diagnostics)
    {
        if (ReadPem(file, diagnostics) is not { } pem)
        {
            return null;
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException exception)
        {
            diagnostics.Error(file, $"CA file \"{file.Value}\" is not a PEM certificate bundle: {exception.Message}");
            return null;
        }

        if (certificates.Count == 0)
        {
            diagnostics.Error(file, $"CA file \"{file.Value}\" holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
            return null;
        }

        return pem;
    }

    private static bool IsCertificateWithKey(Located<string> certificateFile, Located<string> keyFile, string certificate, string key, ConfigDiagnostics diagnostics)
    {
        try
        {
            using var pair = X509Certificate2.CreateFromPem(certificate, key);
            return true;
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            var blamed = certificate.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal) ? keyFile : certificateFile;
            var what = blamed.Path == keyFile.Path ? "key file" : "certificate file";
            diagnostics.Error(blamed,
                $"client {what} \"{blamed.Value}\" is not usable with {(blamed.Path == keyFile.Path ? certificateFile.Value : keyFile.Value)}: {exception.Message.TrimEnd('.')} (both must be PEM: a certificate and its private key)");
            return false;
        }
    }

    private static string? ReadPem(Located<string> file, ConfigDiagnostics diagnostics)
    {
        var (bytes, problem) = ReferencedFile.ReadBytes(file.Value, MaxPemFileBytes, "MaxPemFileBytes");
        if (bytes is null)
        {
            diagnostics.Error(file, $"cannot read \"{file.Value}\": {problem}");
            return null;
        }

        return ReferencedFile.Decode(bytes);
    }
}
