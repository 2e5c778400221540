namespace ExternalEndpointSync.Sources.Dns;

/// <summary>How one DNS question was answered.</summary>
internal enum DnsQueryStatus
{
    /// <summary>At least one record of the asked type.</summary>
    Records,

    /// <summary>A definitive empty answer: NXDOMAIN, or NOERROR without records of the asked type.</summary>
    Empty,

    /// <summary>No trustworthy answer: timeout, network error, SERVFAIL, REFUSED and other error codes.</summary>
    TransientFailure,
}
