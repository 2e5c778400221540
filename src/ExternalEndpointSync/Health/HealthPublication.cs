using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;

namespace ExternalEndpointSync.Health;

/// <summary>
/// Decides what to publish from the health of every address of one registration. Pure.
/// <list type="bullet">
/// <item>Healthy: ready. Unknown (no verdict yet): ready when <see cref="HealthCheckSpec.InitialHealthy"/>, so a restart never blanks a Service.</item>
/// <item>Unhealthy: ready=false, serving=false, or left out with <see cref="UnhealthyAction.Remove"/>.</item>
/// <item>Panic: when every address is Unhealthy and <see cref="HealthCheckSpec.Panic"/> is on, all are
/// published ready and the report says so: a checker that reaches nothing is more often the
/// problem than every replica at once. With panic off they stay not ready (or removed).</item>
/// <item>An address its source marks not ready (Consul) is never ready, whatever its probes say.</item>
/// <item>Priority groups (SRV): only the best group with an address ready by its own health is
/// published, the next one when every address of the better group is down; panic is decided over
/// every address of every group and, when it applies, publishes the best group
/// (see <see cref="PriorityGroupSelection"/>).</item>
/// </list>
/// </summary>
public static class HealthPublication
{
    public static HealthOutcome Publish(HealthCheckSpec spec, IReadOnlyList<AddressStatus> addresses)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(addresses);
        var healthy = addresses.Count(static a => a.State == HealthState.Healthy);
        var unhealthy = addresses.Count(static a => a.State == HealthState.Unhealthy);
        var panicked = spec.Panic && addresses.Count > 0 && unhealthy == addresses.Count;
        // Chosen on readiness without panic, and panic decided over every group: a best group made
        // ready by panic would never fail over to a healthy standby.
        var group = PriorityGroupSelection.Select(addresses, static a => a.Endpoint.Priority, a => IsReadyByHealth(spec, a));

        var failures = new Dictionary<string, string>();
        var warnings = new Dictionary<string, string>();
        foreach (var address in addresses)
        {
            var key = Describe(address);
            if (address.State == HealthState.Unhealthy)
            {
                failures[key] = address.LastFailure ?? "probe failed";
            }

            if (address.Warning is not null)
            {
                warnings[key] = address.Warning;
            }
        }

        var published = new List<PublishedEndpoint>(group.Published.Count);
        foreach (var address in group.Published)
        {
            var probedReady = address.State switch
            {
                HealthState.Healthy => true,
                HealthState.Unknown => spec.InitialHealthy,
                _ => panicked,
            };
            if (!probedReady && address.State == HealthState.Unhealthy && spec.Unhealthy == UnhealthyAction.Remove)
            {
                continue;
            }

            var ready = probedReady && (address.Endpoint.SourceReady ?? true);
            published.Add(new PublishedEndpoint { Address = address.Endpoint.Address, Port = address.Endpoint.Port, Ready = ready, Serving = ready });
        }

        var report = new ServiceHealthSummary
        {
            Checked = true,
            Healthy = healthy,
            Unhealthy = unhealthy,
            Unknown = addresses.Count - healthy - unhealthy,
            Panicked = panicked,
            PublishedPriority = group.Priority,
            PassedOverPriorities = group.PassedOver,
            LastFailures = failures,
            Warnings = warnings,
        };
        return new HealthOutcome(published, report);
    }

    /// <summary>Ready without the panic rule: what decides whether a priority group can be published.</summary>
    private static bool IsReadyByHealth(HealthCheckSpec spec, AddressStatus address) =>
        (address.Endpoint.SourceReady ?? true) && address.State switch
        {
            HealthState.Healthy => true,
            HealthState.Unknown => spec.InitialHealthy,
            _ => false,
        };

    /// <summary>The report key of an address: the address, with the port when the source gave one.</summary>
    public static string Describe(AddressStatus address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var endpoint = address.Endpoint;
        if (endpoint.Port is not { } port)
        {
            return endpoint.Address;
        }

        return endpoint.Address.Contains(':', StringComparison.Ordinal) ? $"[{endpoint.Address}]:{port}" : $"{endpoint.Address}:{port}";
    }
}
