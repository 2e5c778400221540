namespace ExternalEndpointSync.Health;

/// <summary>Settings of the probing stage that are not per registration.</summary>
public sealed record ProbingHealthOptions
{
    public ProbingMode Mode { get; init; } = ProbingMode.Continuous;

    /// <summary>Probes in flight at once, across every registration.</summary>
    public int MaxConcurrentProbes { get; init; } = 64;

    /// <summary>
    /// Spread of the probe schedule as a fraction of the interval: the first probe of an address
    /// starts within <c>interval × Jitter</c>, so many addresses do not probe in lockstep; later
    /// ones keep that offset and come every interval. 0 starts every address at once.
    /// </summary>
    public double Jitter { get; init; } = 0.1;
}
