namespace ExternalEndpointSync.Planning;

/// <summary>One endpoint the planner is asked to publish, after health checking.</summary>
public sealed record PublishedEndpoint
{
    /// <summary>The address as resolved; the planner drops what Kubernetes would reject, with a reason.</summary>
    public required string Address { get; init; }

    /// <summary>Endpoint port of the first declared port when the source learned one; null means the declared target port.</summary>
    public int? Port { get; init; }

    public bool Ready { get; init; } = true;

    public bool Serving { get; init; } = true;
}
