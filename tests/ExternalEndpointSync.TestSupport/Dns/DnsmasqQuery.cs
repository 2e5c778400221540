namespace ExternalEndpointSync.TestSupport.Dns;

/// <summary>One query dnsmasq logged: the query type (<c>A</c>, <c>AAAA</c>, <c>SRV</c>) and the name, without the final dot.</summary>
public sealed record DnsmasqQuery(string Type, string Name);
