using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Configuration;

/// <summary>A loaded configuration, or every error found in it. Warnings never stop a load.</summary>
public sealed record ConfigLoadResult
{
    /// <summary>Null whenever <see cref="Errors"/> is not empty.</summary>
    public SyncConfig? Config { get; init; }

    public IReadOnlyList<ConfigDiagnostic> Errors { get; init; } = [];

    public IReadOnlyList<ConfigDiagnostic> Warnings { get; init; } = [];

    public bool IsValid => Errors.Count == 0;
}
