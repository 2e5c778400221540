using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Configuration;

/// <summary>A loaded configuration, or every error found in it. Warnings never stop a load.</summary>
public sealed record ConfigLoadResult
{
    /// <summary>The file name (or other source) the configuration was read from, for messages such as <c>config.yaml: line 3: …</c>.</summary>
    public string SourceName { get; init; } = "";

    /// <summary>Null whenever <see cref="Errors"/> is not empty.</summary>
    public SyncConfig? Config { get; init; }

    public IReadOnlyList<ConfigDiagnostic> Errors { get; init; } = [];

    public IReadOnlyList<ConfigDiagnostic> Warnings { get; init; } = [];

    public bool IsValid => Errors.Count == 0;
}
