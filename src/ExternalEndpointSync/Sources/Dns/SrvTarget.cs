namespace ExternalEndpointSync.Sources.Dns;

/// <summary>One SRV record and the addresses its target resolved to.</summary>
public sealed record SrvTarget(int Priority, int Weight, int Port, string Host, IReadOnlyList<string> Addresses);
