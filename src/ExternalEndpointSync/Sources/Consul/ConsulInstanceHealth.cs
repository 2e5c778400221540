namespace ExternalEndpointSync.Sources.Consul;

/// <summary>The aggregate of an instance's checks, worst first wins.</summary>
public enum ConsulInstanceHealth
{
    Passing,
    Warning,
    Critical,
    Maintenance,
}

/// <summary>Aggregates Consul check statuses.</summary>
public static class ConsulInstanceHealthRules
{
    /// <summary>The worst status of all checks of the node and the instance; no checks count as passing, as in Consul.</summary>
    public static ConsulInstanceHealth Aggregate(IReadOnlyList<ConsulHealthCheck>? checks)
    {
        var worst = ConsulInstanceHealth.Passing;
        foreach (var check in checks ?? [])
        {
            var health = Classify(check);
            if (health > worst)
            {
                worst = health;
            }
        }

        return worst;
    }

    /// <summary>Warning is ready unless only passing instances are wanted; critical and maintenance never are.</summary>
    public static bool IsReady(ConsulInstanceHealth health, bool onlyPassing) => health switch
    {
        ConsulInstanceHealth.Passing => true,
        ConsulInstanceHealth.Warning => !onlyPassing,
        _ => false,
    };

    private static ConsulInstanceHealth Classify(ConsulHealthCheck check)
    {
        // Consul reports maintenance mode as a critical check with a reserved id.
        if (check.Status.Equals("maintenance", StringComparison.OrdinalIgnoreCase)
            || check.CheckID.StartsWith("_node_maintenance", StringComparison.Ordinal)
            || check.CheckID.StartsWith("_service_maintenance", StringComparison.Ordinal))
        {
            return ConsulInstanceHealth.Maintenance;
        }

        return check.Status.ToLowerInvariant() switch
        {
            "passing" => ConsulInstanceHealth.Passing,
            "warning" => ConsulInstanceHealth.Warning,
            _ => ConsulInstanceHealth.Critical,
        };
    }
}
