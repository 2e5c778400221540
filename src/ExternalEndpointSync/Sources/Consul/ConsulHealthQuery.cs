namespace ExternalEndpointSync.Sources.Consul;

/// <summary>The parameters of one <c>/v1/health/service/:service</c> request.</summary>
public sealed record ConsulHealthQuery
{
    public required string Service { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public string? Datacenter { get; init; }

    public string? Namespace { get; init; }

    public string? Partition { get; init; }

    public bool OnlyPassing { get; init; }

    /// <summary>The index to block on; 0 asks without blocking.</summary>
    public ulong Index { get; init; }

    /// <summary>How long the server may hold a blocking request.</summary>
    public TimeSpan Wait { get; init; }

    public bool IsBlocking => Index > 0;
}
