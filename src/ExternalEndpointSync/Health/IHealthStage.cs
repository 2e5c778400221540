using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;
using ExternalEndpointSync.Sources;

namespace ExternalEndpointSync.Health;

/// <summary>
/// Decides, for every resolved address of a registration, whether it is published ready and
/// serving. It sits between the sources and the planner.
/// </summary>
public interface IHealthStage
{
    Task<HealthOutcome> EvaluateAsync(ExternalServiceSpec service, IReadOnlyList<ResolvedEndpoint> endpoints, CancellationToken cancellationToken);

    /// <summary>Drops the state kept for a registration that no longer exists.</summary>
    void Forget(ServiceKey service);
}

/// <summary>What to publish, and the health summary of one registration.</summary>
public sealed record HealthOutcome(IReadOnlyList<PublishedEndpoint> Endpoints, ServiceHealthSummary Report);

/// <summary>Healthy and unhealthy counts (over every address probed, published or not), the last failure per address, and whether the panic rule applied.</summary>
public sealed record ServiceHealthSummary
{
    public static ServiceHealthSummary NotChecked { get; } = new();

    public bool Checked { get; init; }

    /// <summary>The health stage itself failed for this registration; it is then left as it was.</summary>
    public string? Failure { get; init; }

    public int Healthy { get; init; }

    public int Unhealthy { get; init; }

    public int Unknown { get; init; }

    /// <summary>Every address was unhealthy, so all were published ready (see <see cref="HealthCheckSpec.Panic"/>).</summary>
    public bool Panicked { get; init; }

    /// <summary>The SRV priority of the published group; null when the endpoints have no priority.</summary>
    public int? PublishedPriority { get; init; }

    /// <summary>Better priorities passed over because none of their addresses was ready (failover when not empty).</summary>
    public IReadOnlyList<int> PassedOverPriorities { get; init; } = [];

    /// <summary>The last failure reason of each currently unhealthy address.</summary>
    public IReadOnlyDictionary<string, string> LastFailures { get; init; } = new Dictionary<string, string>();

    /// <summary>Warnings of addresses that are up, such as a TLS certificate close to expiry.</summary>
    public IReadOnlyDictionary<string, string> Warnings { get; init; } = new Dictionary<string, string>();
}
