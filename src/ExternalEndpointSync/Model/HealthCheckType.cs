namespace ExternalEndpointSync.Model;

/// <summary>The probe run against every address of a registration.</summary>
public enum HealthCheckType
{
    None,
    Tcp,
    Http,
    Https,
    Tls,
    Postgres,
    Redis,
}
