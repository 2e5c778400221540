using ExternalEndpointSync.Health.Probes;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Health;

/// <summary>One probe of an address, recorded; in continuous mode its next probe is already scheduled.</summary>
/// <param name="State">The address's state after this result.</param>
internal sealed record ProbeRound(ServiceKey Service, string Address, ProbeResult Result, HealthState State);
