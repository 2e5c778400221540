using ExternalEndpointSync.Health;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;
using ExternalEndpointSync.Registrations.Policy;

namespace ExternalEndpointSync.Reporting;

/// <summary>What a sync did for one registration, and why it may have failed.</summary>
public sealed record ServiceReport
{
    public required ServiceKey Key { get; init; }

    /// <summary>Which registration of the Service this is about (a Service may be registered by the file and by an ExternalService).</summary>
    public RegistrationOrigin Origin { get; init; } = RegistrationOrigin.Unknown;

    /// <summary><c>ClusterIP</c>, <c>Headless</c>, <c>ExternalName</c>, or empty for a removed registration.</summary>
    public string Type { get; init; } = "";

    public ServiceStatus Status { get; init; }

    public int Created { get; init; }

    public int Updated { get; init; }

    public int Deleted { get; init; }

    public int Unchanged { get; init; }

    /// <summary>Endpoints published ready, and published not ready.</summary>
    public int Ready { get; init; }

    public int NotReady { get; init; }

    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>The source gave no answer in this sync; its line is one of <see cref="Errors"/>.</summary>
    public SourceFailure? SourceFailure { get; init; }

    /// <summary>Things that did not stop the sync: dropped addresses, a kept last good answer, panic.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Address families the Service does not serve on this cluster; their addresses were not published.</summary>
    public IReadOnlyList<Planning.UnservedFamily> UnservedFamilies { get; init; } = [];

    /// <summary>How many addresses the legacy Endpoints had before the 1000-address cap; null when not capped.</summary>
    public int? EndpointsTruncatedFrom { get; init; }

    /// <summary>How the source obtained its answer (names, TTLs, Consul indexes).</summary>
    public IReadOnlyList<string> SourceDetails { get; init; } = [];

    public ServiceHealthSummary Health { get; init; } = ServiceHealthSummary.NotChecked;

    /// <summary>Under dry-run, the writes that would have been made (what the diff shows).</summary>
    public IReadOnlyList<ObjectChange> WouldApply { get; init; } = [];

    /// <summary>
    /// An ExternalService's addresses that its policy refused, with why: never written, never probed.
    /// Always empty for the file's registrations, which the policy does not judge.
    /// </summary>
    public IReadOnlyList<RefusedAddress> RefusedAddresses { get; init; } = [];

    /// <summary>Why the policy refused this ExternalService as a whole (<see cref="ServiceStatus.Refused"/>); null otherwise.</summary>
    public string? RefusalReason { get; init; }

    public bool IsFailure => Status is ServiceStatus.Failed or ServiceStatus.Conflict or ServiceStatus.Refused;
}
