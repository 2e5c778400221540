using ExternalEndpointSync.Registrations.ConfigFile;

namespace ExternalEndpointSync.Worker;

/// <summary>The parsed options of <c>run</c>.</summary>
public sealed record RunCommandOptions
{
    public const string DefaultLeaseName = "external-endpoint-sync";

    public const int DefaultHttpPort = 8080;

    public required string ConfigPath { get; init; }

    public string? Kubeconfig { get; init; }

    public string? Context { get; init; }

    /// <summary>Overrides the file's ownerId when given.</summary>
    public string? OwnerId { get; init; }

    /// <summary>Null: POD_NAMESPACE, else the service account's namespace.</summary>
    public string? LeaseNamespace { get; init; }

    public string LeaseName { get; init; } = DefaultLeaseName;

    public int HttpPort { get; init; } = DefaultHttpPort;

    public LeaseTimings Timings { get; init; } = new();

    /// <summary>How often the configuration file is checked for a new content (SIGHUP reloads at once).</summary>
    public TimeSpan ConfigPollInterval { get; init; } = ReloadingConfigFile.DefaultPollInterval;
}
