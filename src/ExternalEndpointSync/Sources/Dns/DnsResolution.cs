namespace ExternalEndpointSync.Sources.Dns;

/// <summary>Everything asked for one DNS source, before the last-good and emptyAfter rules are applied.</summary>
internal sealed record DnsResolution
{
    /// <summary><see cref="DnsQueryStatus.TransientFailure"/> when any question failed, else whether any address was found.</summary>
    public required DnsQueryStatus Status { get; init; }

    public IReadOnlyList<ResolvedEndpoint> Endpoints { get; init; } = [];

    /// <summary>The shortest TTL over every answer; null when no answer carried one.</summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary>What failed or why the answer is empty, naming the question.</summary>
    public string? Reason { get; init; }

    /// <summary>One line per question asked, for dry-run and reports.</summary>
    public IReadOnlyList<string> Details { get; init; } = [];
}
