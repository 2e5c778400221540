using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Registrations.Policy;

/// <summary>
/// Whether an ExternalService may register at all: its namespace is admitted (by name or by its
/// labels), its source kind is one its namespace may use, and an ExternalName target is no
/// in-cluster name. The first rule that refuses it gives the reason.
/// </summary>
public static class RegistrationAdmission
{
    /// <summary>Why <paramref name="spec"/> is refused, or null when it is admitted. Without a policy no ExternalService is admitted.</summary>
    public static string? Refusal(ExternalServiceSpec spec, ExternalServicePolicy? policy, ClusterFacts facts)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(facts);
        if (policy is not { Enabled: true })
        {
            return "ExternalServices are not enabled in the configuration file (externalServices)";
        }

        var ns = spec.Namespace;
        if (!NamespaceAdmitted(ns, policy, facts))
        {
            return $"namespace {ns} may not register ExternalServices (externalServices.namespaces and namespaceSelector do not admit it)";
        }

        if (spec.Source is { } source)
        {
            var allowed = policy.OverrideFor(ns)?.Sources ?? policy.Sources;
            if (!allowed.Contains(source.Kind))
            {
                var list = allowed.Count == 0 ? "none" : string.Join(", ", allowed);
                return $"source {source.Kind} is not allowed for ExternalServices in namespace {ns} (allowed: {list})";
            }
        }

        if (spec.ExternalName is { } target && RefusedSuffix(target, policy.ExternalName) is { } suffix)
        {
            return $"externalName {target} is an in-cluster name (ends in {suffix}, refused by externalServices.externalName.refusedSuffixes)";
        }

        return null;
    }

    private static bool NamespaceAdmitted(string ns, ExternalServicePolicy policy, ClusterFacts facts) =>
        policy.AdmitsEveryNamespace
        || policy.Namespaces.Contains(ns)
        || (policy.NamespaceSelector is { } selector && facts.NamespaceLabels.TryGetValue(ns, out var labels) && selector.Matches(labels));

    /// <summary>The refused suffix <paramref name="host"/> ends in, label by label and whatever the case, or null.</summary>
    private static string? RefusedSuffix(string host, ExternalNamePolicy policy)
    {
        var name = host.TrimEnd('.');
        return policy.RefusedSuffixes.FirstOrDefault(suffix =>
            name.Equals(suffix, StringComparison.OrdinalIgnoreCase)
            || name.EndsWith("." + suffix, StringComparison.OrdinalIgnoreCase));
    }
}
