namespace ExternalEndpointSync.Planning;

/// <summary>An address that was not published, and why (loopback, link-local, malformed, …).</summary>
public sealed record DroppedAddress(string Address, string Reason);
