namespace ExternalEndpointSync.Model;

/// <summary>
/// Which alias targets an ExternalName Service of a custom resource may have. IP addresses are no
/// question here: the service parser refuses them for every registration.
/// </summary>
public sealed record ExternalNamePolicy
{
    /// <summary>In-cluster names: an alias to one would hand a namespace another namespace's Service or the API server.</summary>
    public static ValueList<string> DefaultRefusedSuffixes { get; } = ["svc", "cluster.local"];

    /// <summary>DNS suffixes, matched label by label: <c>svc</c> refuses <c>svc</c> and <c>api.team-b.svc</c>, not <c>mysvc</c>.</summary>
    public ValueList<string> RefusedSuffixes { get; init; } = DefaultRefusedSuffixes;
}
