namespace ExternalEndpointSync.Model;

/// <summary>Which objects carry the addresses of a registration.</summary>
public sealed record PublishSpec
{
    public const int DefaultMaxEndpointsPerSlice = 100;

    /// <summary>The hard limit of the EndpointSlice API.</summary>
    public const int MaxEndpointsPerSliceLimit = 1000;

    public bool EndpointSlices { get; init; } = true;

    /// <summary>Legacy v1 Endpoints, always written with the skip-mirror label.</summary>
    public bool Endpoints { get; init; }

    public int MaxEndpointsPerSlice { get; init; } = DefaultMaxEndpointsPerSlice;
}
