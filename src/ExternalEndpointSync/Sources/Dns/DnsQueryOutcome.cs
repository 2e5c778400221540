using DnsClient.Protocol;

namespace ExternalEndpointSync.Sources.Dns;

/// <summary>The answer to one DNS question, classified the way the DNS source treats it.</summary>
internal sealed record DnsQueryOutcome
{
    public required DnsQueryStatus Status { get; init; }

    /// <summary>The records of the asked type, after any CNAMEs.</summary>
    public IReadOnlyList<DnsResourceRecord> Records { get; init; } = [];

    /// <summary>The alias chain from the asked name to the name holding the records, asked name excluded.</summary>
    public IReadOnlyList<string> CnameChain { get; init; } = [];

    /// <summary>The shortest TTL of the answer (negative TTL for empty answers); null when the answer gives none.</summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary>Why the answer is empty or failed (<c>NXDOMAIN</c>, <c>no records</c>, <c>SERVFAIL</c>, a timeout).</summary>
    public string? Reason { get; init; }
}
