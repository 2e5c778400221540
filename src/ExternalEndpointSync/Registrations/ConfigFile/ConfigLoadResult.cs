using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Registrations.ConfigFile;

/// <summary>A loaded configuration, or every error found in it. Warnings never stop a load.</summary>
public sealed record ConfigLoadResult
{
    /// <summary>The file name (or other source) the configuration was read from, for messages such as <c>config.yaml: line 3: …</c>.</summary>
    public string SourceName { get; init; } = "";

    /// <summary>Null whenever <see cref="Errors"/> is not empty.</summary>
    public SyncConfig? Config { get; init; }

    public IReadOnlyList<ConfigDiagnostic> Errors { get; init; } = [];

    public IReadOnlyList<ConfigDiagnostic> Warnings { get; init; } = [];

    /// <summary>Errors beyond <see cref="ConfigLimits.MaxReportedDiagnostics"/>: counted, not listed.</summary>
    public int OmittedErrors { get; init; }

    /// <summary>Warnings beyond <see cref="ConfigLimits.MaxReportedDiagnostics"/>: counted, not listed.</summary>
    public int OmittedWarnings { get; init; }

    /// <summary>Every error found, listed or not.</summary>
    public int ErrorCount => Errors.Count + OmittedErrors;

    public bool IsValid => ErrorCount == 0;
}
