using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>Role and ClusterRole: every rule names verbs, and resources with API groups, or non-resource URLs (ClusterRole only).</summary>
internal sealed class RoleStrategy(bool clusterScoped) : SimpleNamedStrategy(PathSegmentName)
{
    public override IEnumerable<FieldError> Validate(JsonObject obj)
    {
        var rules = obj.ArrayOrNull("rules") ?? [];
        for (var index = 0; index < rules.Count; index++)
        {
            var path = $"rules[{index}]";
            var rule = rules[index] as JsonObject ?? [];
            if (rule.ArrayOrNull("verbs") is not { Count: > 0 })
            {
                yield return FieldError.Required($"{path}.verbs", "verbs must contain at least one value");
            }

            var urls = rule.ArrayOrNull("nonResourceURLs") is { Count: > 0 };
            if (urls && !clusterScoped)
            {
                yield return FieldError.Invalid($"{path}.nonResourceURLs", rule["nonResourceURLs"], "namespaced rules cannot apply to non-resource URLs");
            }

            if (urls && rule.ArrayOrNull("resources") is { Count: > 0 })
            {
                yield return FieldError.Invalid($"{path}.nonResourceURLs", rule["nonResourceURLs"], "rules cannot apply to both regular resources and non-resource URLs");
            }

            if (!urls && rule.ArrayOrNull("apiGroups") is not { Count: > 0 })
            {
                yield return FieldError.Required($"{path}.apiGroups", "resource rules must supply at least one api group");
            }

            if (!urls && rule.ArrayOrNull("resources") is not { Count: > 0 })
            {
                yield return FieldError.Required($"{path}.resources", "resource rules must supply at least one resource");
            }
        }
    }
}

/// <summary>RoleBinding and ClusterRoleBinding: a roleRef to a Role or ClusterRole that never changes, and well-formed subjects.</summary>
internal sealed class RoleBindingStrategy(bool clusterScoped) : SimpleNamedStrategy(PathSegmentName)
{
    private static readonly string[] SubjectKinds = ["ServiceAccount", "User", "Group"];

    public override IEnumerable<FieldError> Validate(JsonObject obj)
    {
        var roleRef = obj.ObjectOrNull("roleRef");
        if (roleRef?.StringOrNull("apiGroup") != "rbac.authorization.k8s.io")
        {
            yield return FieldError.NotSupported("roleRef.apiGroup", roleRef?["apiGroup"], ["rbac.authorization.k8s.io"]);
        }

        string[] kinds = clusterScoped ? ["ClusterRole"] : ["ClusterRole", "Role"];
        if (!kinds.Contains(roleRef?.StringOrNull("kind")))
        {
            yield return FieldError.NotSupported("roleRef.kind", roleRef?["kind"], kinds);
        }

        if (string.IsNullOrEmpty(roleRef?.StringOrNull("name")))
        {
            yield return FieldError.Required("roleRef.name");
        }

        var subjects = obj.ArrayOrNull("subjects") ?? [];
        for (var index = 0; index < subjects.Count; index++)
        {
            var path = $"subjects[{index}]";
            var subject = subjects[index] as JsonObject ?? [];
            var kind = subject.StringOrNull("kind");
            if (!SubjectKinds.Contains(kind))
            {
                yield return FieldError.NotSupported($"{path}.kind", subject["kind"], SubjectKinds);
            }

            if (string.IsNullOrEmpty(subject.StringOrNull("name")))
            {
                yield return FieldError.Required($"{path}.name");
            }

            if (kind == "ServiceAccount" && string.IsNullOrEmpty(subject.StringOrNull("namespace")) && clusterScoped)
            {
                yield return FieldError.Required($"{path}.namespace");
            }
        }
    }

    public override IEnumerable<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        foreach (var error in Validate(obj))
        {
            yield return error;
        }

        if (!JsonNode.DeepEquals(obj["roleRef"], old["roleRef"]))
        {
            yield return FieldError.Invalid("roleRef", obj["roleRef"], "cannot change roleRef");
        }
    }
}
