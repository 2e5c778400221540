namespace ExternalEndpointSync.Sources.Consul;

/// <summary>A Consul answer with the headers blocking queries need.</summary>
/// <param name="Index"><c>X-Consul-Index</c> as sent by the server (0 when absent).</param>
/// <param name="KnownLeader"><c>X-Consul-KnownLeader</c>.</param>
public sealed record ConsulResponse<T>(T Value, ulong Index, bool KnownLeader);
