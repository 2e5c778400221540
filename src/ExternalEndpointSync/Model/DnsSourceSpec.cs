namespace ExternalEndpointSync.Model;

/// <summary>Addresses resolved from DNS, refreshed when the answer's TTL expires.</summary>
public sealed record DnsSourceSpec : SourceSpec
{
    public override string Kind => "dns";

    /// <summary>The name to resolve, always treated as fully qualified.</summary>
    public required DnsName Name { get; init; }

    public DnsRecordType Type { get; init; } = DnsRecordType.A;

    /// <summary>Empty means the system resolver.</summary>
    public ValueList<Nameserver> Nameservers { get; init; } = [];

    public TimeSpan MinTtl { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxTtl { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many consecutive definitive empty answers (NXDOMAIN, no records) it takes to empty the Service.</summary>
    public int EmptyAfter { get; init; } = 3;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    public int Retries { get; init; } = 2;
}
