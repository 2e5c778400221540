namespace ExternalEndpointSync.Sources.Consul;

/// <summary>Tuning of the Consul source that is not part of the configuration file.</summary>
public sealed record ConsulSourceOptions
{
    /// <summary>The timeout of a non-blocking request, and the margin added to a blocking one.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The first retry delay after an error; later ones grow exponentially, with jitter.</summary>
    public TimeSpan BackoffDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoffDelay { get; init; } = TimeSpan.FromMinutes(1);
}
