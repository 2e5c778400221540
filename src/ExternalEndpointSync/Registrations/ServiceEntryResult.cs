using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Registrations;

/// <summary>One parsed service entry, or every error found in it.</summary>
public sealed record ServiceEntryResult
{
    /// <summary>Null whenever <see cref="Errors"/> is not empty.</summary>
    public ExternalServiceSpec? Spec { get; init; }

    public IReadOnlyList<ConfigDiagnostic> Errors { get; init; } = [];

    public IReadOnlyList<ConfigDiagnostic> Warnings { get; init; } = [];

    public bool IsValid => Errors.Count == 0;
}
