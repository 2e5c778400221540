namespace ExternalEndpointSync.Model;

/// <summary>The DNS query a <see cref="DnsSourceSpec"/> makes.</summary>
public enum DnsRecordType
{
    A,
    AAAA,

    /// <summary>Both families (written <c>A+AAAA</c>); each family gets its own slices.</summary>
    AAndAAAA,

    /// <summary>SRV records: each target is resolved to addresses and carries its own port.</summary>
    SRV,
}
