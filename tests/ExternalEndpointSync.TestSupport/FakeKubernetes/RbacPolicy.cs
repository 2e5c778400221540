using k8s;
using k8s.Models;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// The RBAC authorizer over the Roles, ClusterRoles, RoleBindings and ClusterRoleBindings of a
/// multi-document YAML stream, with the matching rules of plugin/pkg/auth/authorizer/rbac/rbac.go
/// (RuleAllows: verb, apiGroup, resource incl. <c>*/subresource</c>, resourceNames). A RoleBinding
/// grants only in its own namespace; members of system:masters may do everything, as the
/// cluster-admin binding of every cluster lets them. A ClusterRole with an <c>aggregationRule</c>
/// has the rules of every other ClusterRole one of its selectors matches, as the clusterrole-aggregation
/// controller (pkg/controller/clusterroleaggregation) leaves it once it has caught up; chains of
/// aggregated roles (admin ← edit ← view) are followed to the end.
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
        Aggregate(clusterRoles.Values.ToList());
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

    /// <summary>Until nothing changes: each aggregated role's rules become the distinct rules of the roles it selects, itself excepted.</summary>
    private static void Aggregate(List<V1ClusterRole> roles)
    {
        var aggregated = roles.Where(static r => r.AggregationRule?.ClusterRoleSelectors is { Count: > 0 }).ToList();
        for (var round = 0; round <= roles.Count; round++)
        {
            var changed = false;
            foreach (var role in aggregated)
            {
                var selectors = role.AggregationRule.ClusterRoleSelectors.Select(Selector).ToList();
                var rules = new List<V1PolicyRule>();
                foreach (var other in roles.Where(o => !ReferenceEquals(o, role)).OrderBy(static o => o.Metadata.Name, StringComparer.Ordinal))
                {
                    var labels = new Dictionary<string, string>(other.Metadata.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
                    if (selectors.Any(selector => selector.Matches(labels)))
                    {
                        rules.AddRange((other.Rules ?? []).Where(rule => !rules.Any(r => Same(r, rule))));
                    }
                }

                if (rules.Count != (role.Rules?.Count ?? 0) || !rules.Zip(role.Rules ?? []).All(static pair => Same(pair.First, pair.Second)))
                {
                    role.Rules = rules;
                    changed = true;
                }
            }

            if (!changed)
            {
                return;
            }
        }
    }

    private static LabelSelector Selector(V1LabelSelector selector)
    {
        var requirements = (selector.MatchLabels ?? new Dictionary<string, string>()).Select(static l => $"{l.Key}={l.Value}")
            .Concat((selector.MatchExpressions ?? []).Select(static e => e.OperatorProperty switch
            {
                "In" => $"{e.Key} in ({string.Join(',', e.Values ?? [])})",
                "NotIn" => $"{e.Key} notin ({string.Join(',', e.Values ?? [])})",
                "Exists" => e.Key,
                _ => $"!{e.Key}",
            }));
        return LabelSelector.Parse(string.Join(',', requirements));
    }

    private static bool Same(V1PolicyRule a, V1PolicyRule b) =>
        Equal(a.ApiGroups, b.ApiGroups) && Equal(a.Resources, b.Resources) && Equal(a.Verbs, b.Verbs)
        && Equal(a.ResourceNames, b.ResourceNames) && Equal(a.NonResourceURLs, b.NonResourceURLs);

    private static bool Equal(IList<string>? a, IList<string>? b) => (a ?? []).SequenceEqual(b ?? [], StringComparer.Ordinal);

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
