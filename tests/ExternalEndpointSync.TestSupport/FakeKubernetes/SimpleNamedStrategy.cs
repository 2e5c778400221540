namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// A kind whose only rule the fake checks is its name: ServiceAccount (a DNS-1123 subdomain), and the
/// RBAC kinds, whose names are path segments (not "." or "..", no '/' or '%'), as the RBAC registry allows.
/// </summary>
internal class SimpleNamedStrategy(Func<string, IReadOnlyList<string>> nameRule) : ResourceStrategy
{
    public static IReadOnlyList<string> PathSegmentName(string name) =>
        name is "." or ".." ? [$"may not be '{name}'"]
        : name.Contains('/', StringComparison.Ordinal) ? ["may not contain '/'"]
        : name.Contains('%', StringComparison.Ordinal) ? ["may not contain '%'"]
        : [];

    public override IReadOnlyList<string> ValidateName(string name, bool prefix) => NameRules.Check(nameRule, name, prefix);
}
