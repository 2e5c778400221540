using k8s;
using k8s.Models;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// The RBAC authorizer over the Roles, ClusterRoles, RoleBindings and ClusterRoleBindings of a
/// multi-document YAML stream, with the matching rules of plugin/pkg/auth/authorizer/rbac/rbac.go
/// (RuleAllows: verb, apiGroup, resource incl. <c>*/subresource</c>, resourceNames). A RoleBinding
/// grants only in its own namespace; members of system:masters may do everything, as the
/// cluster-admin binding of every cluster lets them.
/// </summary>
public sealed class RbacPolicy
{
    private readonly List<(V1ClusterRoleBinding Binding, V1ClusterRole? Role)> clusterBindings = [];
    private readonly List<(V1RoleBinding Binding, IList<V1PolicyRule> Rules)> namespaceBindings = [];

    private RbacPolicy()
    {
    }

    public static RbacPolicy Parse(string manifests)
    {
        var policy = new RbacPolicy();
        var objects = KubernetesYaml.LoadAllFromString(manifests);
        var clusterRoles = objects.OfType<V1ClusterRole>().ToDictionary(r => r.Metadata.Name, StringComparer.Ordinal);
        var roles = objects.OfType<V1Role>().ToDictionary(r => $"{r.Metadata.NamespaceProperty}/{r.Metadata.Name}", StringComparer.Ordinal);
        foreach (var binding in objects.OfType<V1ClusterRoleBinding>())
        {
            policy.clusterBindings.Add((binding, binding.RoleRef.Kind == "ClusterRole" ? clusterRoles.GetValueOrDefault(binding.RoleRef.Name) : null));
        }

        foreach (var binding in objects.OfType<V1RoleBinding>())
        {
            var rules = binding.RoleRef.Kind switch
            {
                "ClusterRole" => clusterRoles.GetValueOrDefault(binding.RoleRef.Name)?.Rules,
                "Role" => roles.GetValueOrDefault($"{binding.Metadata.NamespaceProperty}/{binding.RoleRef.Name}")?.Rules,
                _ => null,
            };
            policy.namespaceBindings.Add((binding, rules ?? []));
        }

        return policy;
    }

    public bool Allows(RequestUser user, AuthorizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(request);
        if (user.Groups.Contains("system:masters"))
        {
            return true;
        }

        var cluster = clusterBindings
            .Where(b => b.Binding.Subjects?.Any(s => Names(s, b.Binding.Metadata.NamespaceProperty, user)) == true)
            .SelectMany(b => b.Role?.Rules ?? []);
        var local = namespaceBindings
            .Where(b => request.Namespace is not null && b.Binding.Metadata.NamespaceProperty == request.Namespace
                && b.Binding.Subjects?.Any(s => Names(s, b.Binding.Metadata.NamespaceProperty, user)) == true)
            .SelectMany(b => b.Rules);
        return cluster.Concat(local).Any(rule => RuleAllows(rule, request));
    }

    /// <summary>Every (apiGroup, resource, verb) the policy grants <paramref name="user"/>, wildcards as written.</summary>
    public IReadOnlySet<RbacGrant> GrantsOf(RequestUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var rules = clusterBindings
            .Where(b => b.Binding.Subjects?.Any(s => Names(s, b.Binding.Metadata.NamespaceProperty, user)) == true)
            .SelectMany(b => b.Role?.Rules ?? [])
            .Concat(namespaceBindings
                .Where(b => b.Binding.Subjects?.Any(s => Names(s, b.Binding.Metadata.NamespaceProperty, user)) == true)
                .SelectMany(b => b.Rules));
        return rules
            .SelectMany(rule => (rule.ApiGroups ?? []).SelectMany(group => (rule.Resources ?? []).SelectMany(resource => rule.Verbs.Select(verb => new RbacGrant(group, resource, verb)))))
            .ToHashSet();
    }

    private static bool Names(Rbacv1Subject subject, string? bindingNamespace, RequestUser user) => subject.Kind switch
    {
        "ServiceAccount" => user.Name == $"system:serviceaccount:{subject.NamespaceProperty ?? bindingNamespace}:{subject.Name}",
        "User" => user.Name == subject.Name,
        "Group" => user.Groups.Contains(subject.Name),
        _ => false,
    };

    private static bool RuleAllows(V1PolicyRule rule, AuthorizationRequest request) =>
        (rule.Verbs ?? []).Any(v => v == "*" || v == request.Verb)
        && (rule.ApiGroups ?? []).Any(g => g == "*" || g == request.Group)
        && (rule.Resources ?? []).Any(r => ResourceMatches(r, request))
        && (rule.ResourceNames is not { Count: > 0 } names || (request.Name is not null && names.Contains(request.Name)));

    private static bool ResourceMatches(string ruleResource, AuthorizationRequest request) =>
        ruleResource == "*"
        || ruleResource == request.ResourceWithSubresource
        || (request.Subresource is not null && ruleResource == $"*/{request.Subresource}");
}
