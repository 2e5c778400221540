using System.Security.Cryptography.X509Certificates;

namespace ExternalEndpointSync.TestSupport.Consul;

/// <summary>How a <see cref="ConsulDouble"/> starts.</summary>
public sealed record ConsulDoubleOptions
{
    /// <summary>The only datacenter it knows; any other <c>dc</c> gets 404 "No path to datacenter".</summary>
    public string Datacenter { get; init; } = "dc1";

    /// <summary>When set, health and catalog requests without this <c>X-Consul-Token</c> get 403 "ACL not found".</summary>
    public string? RequiredToken { get; init; }

    /// <summary>When set, the double speaks HTTPS with this certificate (it must carry its private key).</summary>
    public X509Certificate2? ServerCertificate { get; init; }

    /// <summary>With HTTPS: a client certificate is required and must chain to this authority.</summary>
    public X509Certificate2? ClientCertificateAuthority { get; init; }
}
