using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Registrations;

/// <summary>
/// Where one service entry comes from. A config file entry names its own namespace (or takes
/// <see cref="DefaultNamespace"/>); an <c>ExternalService</c> object fixes it with
/// <see cref="Namespace"/>, and then a <c>namespace</c> field is an error.
/// </summary>
public sealed record ServiceEntryOptions
{
    /// <summary>The namespace the entry must use; set for custom resources, which live in one.</summary>
    public string? Namespace { get; init; }

    /// <summary>The name the entry must use (e.g. the custom resource's <c>metadata.name</c>); then a <c>name</c> field is an error.</summary>
    public string? Name { get; init; }

    public string DefaultNamespace { get; init; } = "default";

    /// <summary>Copied into <c>ExternalServiceSpec.Origin</c>.</summary>
    public RegistrationOrigin Origin { get; init; } = RegistrationOrigin.Unknown;
}
