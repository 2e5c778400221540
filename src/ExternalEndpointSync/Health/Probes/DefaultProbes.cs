namespace ExternalEndpointSync.Health.Probes;

/// <summary>Every built-in probe; a new probe type is a new <see cref="IHealthProbe"/> added here.</summary>
public static class DefaultProbes
{
    public static IReadOnlyList<IHealthProbe> Create(TimeProvider timeProvider) =>
    [
        new TcpProbe(),
        HttpProbe.Http,
        HttpProbe.Https,
        new TlsProbe(timeProvider),
        new PostgresProbe(),
        new RedisProbe(),
    ];
}
