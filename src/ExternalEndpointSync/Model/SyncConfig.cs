namespace ExternalEndpointSync.Model;

/// <summary>A whole configuration file after defaults have been applied to every service.</summary>
public sealed record SyncConfig
{
    public const string DefaultOwnerId = "default";
    public const int DefaultMaxConcurrentProbes = 64;
    public const int MaxConcurrentProbesLimit = 10_000;

    /// <summary>Which instance owns what it writes (the <c>externalendpoints.io/owner</c> label).</summary>
    public string OwnerId { get; init; } = DefaultOwnerId;

    /// <summary>The policy set in the file; the command line's <c>--policy</c> wins over it.</summary>
    public SyncPolicy? Policy { get; init; }

    /// <summary>How many health probes may be in flight at once, across every service.</summary>
    public int MaxConcurrentProbes { get; init; } = DefaultMaxConcurrentProbes;

    public ConsulSettings? Consul { get; init; }

    /// <summary>The policy for ExternalService custom resources; null when the file has no such section, and then they are not watched.</summary>
    public ExternalServicePolicy? ExternalServices { get; init; }

    public ValueList<ExternalServiceSpec> Services { get; init; } = [];

    /// <summary>The file's <c>defaults</c>, for the spec of every <c>ExternalService</c>; null when it has none.</summary>
    public ServiceDefaults? Defaults { get; init; }
}
