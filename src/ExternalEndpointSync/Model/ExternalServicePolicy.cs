namespace ExternalEndpointSync.Model;

/// <summary>
/// The cluster admin's rules for <c>ExternalService</c> custom resources (the file's
/// <c>externalServices</c> section): who may register, with which sources, and which addresses
/// and alias targets are never published for them. Registrations from the file itself are the
/// admin's own and never checked against it.
/// </summary>
public sealed record ExternalServicePolicy
{
    /// <summary>The source kinds a custom resource may use when the policy names none: not consul, whose catalog is the admin's.</summary>
    public static ValueList<string> DefaultSources { get; } = ["static", "dns"];

    /// <summary>Whether the worker watches ExternalService objects at all; true when the section is present and does not say otherwise.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Namespaces whose custom resources are admitted, by name.</summary>
    public ValueList<string> Namespaces { get; init; } = [];

    /// <summary>Namespaces whose custom resources are admitted, by their labels; with <see cref="Namespaces"/> either one admits.</summary>
    public LabelSelector? NamespaceSelector { get; init; }

    /// <summary>The source kinds (<see cref="SourceSpec.Kind"/>) a custom resource may use, unless its namespace's override says otherwise.</summary>
    public ValueList<string> Sources { get; init; } = DefaultSources;

    /// <summary>Networks never published for a custom resource, in addition to the cluster's own and the always-refused ones.</summary>
    public ValueList<System.Net.IPNetwork> RefusedCidrs { get; init; } = [];

    public ConfiguredClusterNetworks ClusterNetworks { get; init; } = new();

    /// <summary>Per-namespace exceptions, at most one per namespace.</summary>
    public ValueList<NamespacePolicyOverride> NamespaceOverrides { get; init; } = [];

    public ExternalNamePolicy ExternalName { get; init; } = new();

    /// <summary>Neither a namespace list nor a selector: custom resources of every namespace are admitted (the address policy still applies).</summary>
    public bool AdmitsEveryNamespace => Namespaces.Count == 0 && NamespaceSelector is null;

    /// <summary>The override for <paramref name="namespace"/>, or null.</summary>
    public NamespacePolicyOverride? OverrideFor(string @namespace) =>
        NamespaceOverrides.FirstOrDefault(entry => string.Equals(entry.Namespace, @namespace, StringComparison.Ordinal));
}
