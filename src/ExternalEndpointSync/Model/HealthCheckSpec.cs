namespace ExternalEndpointSync.Model;

/// <summary>
/// How a registration's addresses are health-checked. Probe-specific settings live in the
/// nested records; only the one matching <see cref="Type"/> is used.
/// </summary>
public sealed record HealthCheckSpec
{
    public static HealthCheckSpec None { get; } = new();

    public HealthCheckType Type { get; init; } = HealthCheckType.None;

    /// <summary>The port probed; defaults to the endpoint port of the first declared port.</summary>
    public int? Port { get; init; }

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    public int HealthyThreshold { get; init; } = 2;

    public int UnhealthyThreshold { get; init; } = 3;

    public UnhealthyAction Unhealthy { get; init; } = UnhealthyAction.NotReady;

    /// <summary>How an address with no probe result yet is published; healthy so a restart never blanks a Service.</summary>
    public bool InitialHealthy { get; init; } = true;

    /// <summary>When every address is unhealthy, publish them all as ready (and report it) rather than none.</summary>
    public bool Panic { get; init; } = true;

    public HttpProbeSpec Http { get; init; } = new();

    public TlsProbeSpec Tls { get; init; } = new();

    public PostgresProbeSpec Postgres { get; init; } = new();

    public RedisProbeSpec Redis { get; init; } = new();
}

/// <summary>Settings of the <c>http</c> and <c>https</c> probes.</summary>
public sealed record HttpProbeSpec
{
    public string Method { get; init; } = "GET";

    public string Path { get; init; } = "/";

    public ValueList<StatusRange> ExpectedStatuses { get; init; } = [StatusRange.Success];

    /// <summary>The Host header; defaults to the address.</summary>
    public string? Host { get; init; }
}

/// <summary>TLS settings of the <c>https</c> and <c>tls</c> probes.</summary>
public sealed record TlsProbeSpec
{
    /// <summary>SNI and the name verified in the certificate.</summary>
    public DnsName? ServerName { get; init; }

    /// <summary>A PEM bundle trusted in addition to the system roots.</summary>
    public string? CaFile { get; init; }

    public bool InsecureSkipVerify { get; init; }
}

/// <summary>Settings of the <c>postgres</c> probe; without credentials it checks the protocol handshake only.</summary>
public sealed record PostgresProbeSpec
{
    public string User { get; init; } = "postgres";

    public string Database { get; init; } = "postgres";

    /// <summary>A file holding the password; when set the probe logs in and runs <c>SELECT 1</c>.</summary>
    public string? PasswordFile { get; init; }
}

/// <summary>Settings of the <c>redis</c> probe.</summary>
public sealed record RedisProbeSpec
{
    public string? Username { get; init; }

    /// <summary>A file holding the password sent with AUTH before PING.</summary>
    public string? PasswordFile { get; init; }
}
