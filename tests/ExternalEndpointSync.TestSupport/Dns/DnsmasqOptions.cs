namespace ExternalEndpointSync.TestSupport.Dns;

/// <summary>Startup settings of a <see cref="DnsmasqServer"/> that are not records.</summary>
public sealed record DnsmasqOptions
{
    /// <summary>The TTL, in seconds, of names from the hosts file (and of host-records without their own TTL).</summary>
    public int LocalTtl { get; init; } = 30;
}
