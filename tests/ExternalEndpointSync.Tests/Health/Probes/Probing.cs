using System.Net;
using ExternalEndpointSync.Health.Probes;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Tests.Health.Probes;

/// <summary>Runs one probe the way the stage does: through <see cref="ProbeExecutor"/>, with its timeout.</summary>
internal static class Probing
{
    public static Task<ProbeResult> RunAsync(IPAddress address, int port, HealthCheckSpec spec) =>
        new ProbeExecutor(DefaultProbes.Create(TimeProvider.System), TimeProvider.System)
            .RunAsync(new ProbeTarget(address, port), spec, CancellationToken.None);

    public static HealthCheckSpec Spec(HealthCheckType type, double timeoutSeconds = 5) =>
        new() { Type = type, Timeout = TimeSpan.FromSeconds(timeoutSeconds) };
}
