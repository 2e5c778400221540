namespace ExternalEndpointSync.Model;

/// <summary>
/// The contents of the files <see cref="ConsulSettings"/> names, read once and checked when the
/// configuration file is loaded, so that what the Consul client is built from is known to be usable.
/// </summary>
public sealed record ConsulFiles
{
    /// <summary>The ACL token from <c>tokenFile</c>, trimmed: printable ASCII, never empty.</summary>
    public SecretText? Token { get; init; }

    /// <summary>The PEM text of <c>caFile</c>; it holds at least one certificate.</summary>
    public string? CaBundlePem { get; init; }

    /// <summary>The PEM text of <c>clientCertFile</c>; with <see cref="ClientKeyPem"/> it makes a certificate with its private key.</summary>
    public string? ClientCertificatePem { get; init; }

    /// <summary>The PEM text of <c>clientKeyFile</c>.</summary>
    public SecretText? ClientKeyPem { get; init; }
}
