namespace ExternalEndpointSync.Model;

/// <summary>How to reach Consul; only needed when a service uses <c>source.consul</c>.</summary>
public sealed record ConsulSettings
{
    public ConsulAddress Address { get; init; } = ConsulAddress.LocalAgent;

    /// <summary>A file holding the ACL token; checked at load, read again for every request (so it can be rotated), never logged.</summary>
    public string? TokenFile { get; init; }

    /// <summary>The environment variable holding the ACL token when no file is given.</summary>
    public string TokenEnvironmentVariable { get; init; } = "CONSUL_HTTP_TOKEN";

    /// <summary>PEM bundle of the CA that signed Consul's certificate (https addresses).</summary>
    public string? CaFile { get; init; }

    public string? ClientCertificateFile { get; init; }

    public string? ClientKeyFile { get; init; }

    public string? Datacenter { get; init; }

    /// <summary>Name servers that resolve instance addresses which are hostnames; empty means the system resolver.</summary>
    public ValueList<Nameserver> Nameservers { get; init; } = [];

    /// <summary>How long a blocking query may hang (Consul's <c>wait</c>, at most 10m).</summary>
    public TimeSpan Wait { get; init; } = TimeSpan.FromMinutes(5);
}
