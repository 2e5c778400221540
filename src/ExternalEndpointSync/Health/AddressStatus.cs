using ExternalEndpointSync.Sources;

namespace ExternalEndpointSync.Health;

/// <summary>One resolved endpoint with what its probes have shown so far.</summary>
public sealed record AddressStatus(ResolvedEndpoint Endpoint, HealthState State, string? LastFailure = null, string? Warning = null);
