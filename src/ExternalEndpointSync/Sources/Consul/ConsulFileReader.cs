using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ExternalEndpointSync.Registrations;

namespace ExternalEndpointSync.Sources.Consul;

/// <summary>
/// The one reader of the files the <c>consul:</c> section names, used by <c>validate</c> at load and
/// by the client for every request (token) or on first use (CA, client certificate): a token of
/// printable ASCII, a CA bundle with at least one certificate, a client certificate whose key matches.
/// </summary>
public static class ConsulFileReader
{
    /// <summary>A Consul ACL token is a 36-character UUID; anything near this size is not one.</summary>
    public const int MaxTokenFileBytes = 4096;

    /// <summary>The largest PEM file read (CA bundle, client certificate or key).</summary>
    public const int MaxPemFileBytes = 1024 * 1024;

    /// <summary>The trimmed token in <paramref name="path"/> (<c>tokenFile</c>).</summary>
    /// <exception cref="ConsulFileException">The file cannot be read, is empty, or holds what no HTTP header can carry.</exception>
    public static string ReadToken(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (bytes, problem) = ReferencedFile.ReadBytes(path, MaxTokenFileBytes, "MaxTokenFileBytes");
        if (bytes is null)
        {
            throw new ConsulFileException("tokenFile", $"cannot read token file \"{path}\": {problem}", null);
        }

        var token = System.Text.Encoding.Latin1.GetString(bytes).Trim();
        if (token.Length == 0)
        {
            // Refused rather than read as "no token": an empty file is usually a secret not mounted yet.
            throw new ConsulFileException("tokenFile", $"token file \"{path}\" is empty; write the Consul ACL token into it, or remove tokenFile to use tokenEnv", null);
        }

        var bad = FirstUnsendable(token);
        return bad < 0
            ? token
            : throw new ConsulFileException("tokenFile", $"token file \"{path}\" must hold one token of printable ASCII characters, but has byte 0x{(int)token[bad]:X2} at offset {bad}", null);
    }

    /// <summary>Where in <paramref name="token"/> the first character an HTTP header cannot carry is, or -1.</summary>
    public static int FirstUnsendable(string token) => token.AsSpan().IndexOfAnyExceptInRange('!', '~');

    /// <summary>The certificates of the CA bundle in <paramref name="path"/> (<c>caFile</c>); the caller disposes them.</summary>
    /// <exception cref="ConsulFileException">The file cannot be read, is not PEM, or holds no certificate.</exception>
    public static X509Certificate2Collection ReadAuthorities(string path)
    {
        var pem = ReadPem("caFile", path);
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException exception)
        {
            throw new ConsulFileException("caFile", $"CA file \"{path}\" is not a PEM certificate bundle: {exception.Message}", exception);
        }

        return certificates.Count > 0
            ? certificates
            : throw new ConsulFileException("caFile", $"CA file \"{path}\" holds no PEM certificate (-----BEGIN CERTIFICATE-----)", null);
    }

    /// <summary>The client certificate in <paramref name="certificatePath"/> with the private key in <paramref name="keyPath"/>.</summary>
    /// <exception cref="ConsulFileException">A file cannot be read, or the two are not a certificate and its key; the setting blamed is the file at fault.</exception>
    public static X509Certificate2 ReadClientCertificate(string certificatePath, string keyPath)
    {
        var certificate = ReadPem("clientCertFile", certificatePath);
        var key = ReadPem("clientKeyFile", keyPath);
        try
        {
            return X509Certificate2.CreateFromPem(certificate, key);
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            var keyAtFault = certificate.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal);
            var (setting, what, blamed, other) = keyAtFault
                ? ("clientKeyFile", "key file", keyPath, certificatePath)
                : ("clientCertFile", "certificate file", certificatePath, keyPath);
            throw new ConsulFileException(setting,
                $"client {what} \"{blamed}\" is not usable with {other}: {exception.Message.TrimEnd('.')} (both must be PEM: a certificate and its private key)", exception);
        }
    }

    /// <summary>The text of the PEM file <paramref name="path"/> that <paramref name="setting"/> names.</summary>
    /// <exception cref="ConsulFileException">The file cannot be read.</exception>
    public static string ReadPem(string setting, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (bytes, problem) = ReferencedFile.ReadBytes(path, MaxPemFileBytes, "MaxPemFileBytes");
        return bytes is null
            ? throw new ConsulFileException(setting, $"cannot read \"{path}\": {problem}", null)
            : ReferencedFile.Decode(bytes);
    }
}
