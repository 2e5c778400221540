using ExternalEndpointSync.Health.Probes;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Health;

/// <summary>One probe finished and its result was recorded (for metrics, and for tests that drive the schedule).</summary>
public sealed class ProbeCompletedEventArgs(ServiceKey service, string address, ProbeResult result, HealthState state) : EventArgs
{
    public ServiceKey Service { get; } = service;

    /// <summary>The address as reported in <see cref="ServiceHealthSummary"/>.</summary>
    public string Address { get; } = address;

    public ProbeResult Result { get; } = result;

    /// <summary>The address's state after this result.</summary>
    public HealthState State { get; } = state;
}
