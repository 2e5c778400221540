namespace ExternalEndpointSync.Sources;

/// <summary>One address a source found for a registration, before health checking and address rules.</summary>
public sealed record ResolvedEndpoint
{
    /// <summary>The address as the source gave it; the planner drops what Kubernetes would reject.</summary>
    public required string Address { get; init; }

    /// <summary>
    /// The endpoint port of the first declared port when the source learns one per endpoint
    /// (SRV records, Consul instances); null means the declared target port.
    /// </summary>
    public int? Port { get; init; }

    /// <summary>
    /// The SRV priority of the record this endpoint came from: lower is preferred, and the health
    /// stage publishes only the best group with a ready address (see <c>Health.PriorityGroupSelection</c>).
    /// Null means no priority (static, Consul, A/AAAA): such endpoints are all published together.
    /// </summary>
    public int? Priority { get; init; }

    /// <summary>The source's own view of health (Consul checks); null when the source has none.</summary>
    public bool? SourceReady { get; init; }
}
