using ExternalEndpointSync.Model;
using ExternalEndpointSync.Reporting.Output;

namespace ExternalEndpointSync.Cli;

/// <summary>The parsed options of <c>sync</c>.</summary>
public sealed record SyncCommandOptions
{
    public required string ConfigPath { get; init; }

    public bool Once { get; init; }

    public bool DryRun { get; init; }

    public OutputFormat Output { get; init; } = OutputFormat.Table;

    public string? Kubeconfig { get; init; }

    public string? Context { get; init; }

    /// <summary>Overrides the file's policy when given.</summary>
    public SyncPolicy? Policy { get; init; }

    /// <summary>Overrides the file's ownerId when given.</summary>
    public string? OwnerId { get; init; }
}
