using k8s;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>The ConfigMap, ServiceAccount and RBAC rules a manifest in deploy/ could break.</summary>
public sealed class DeployableKindRulesTests : FakeApiTestBase
{
    private static V1RoleBinding Binding(string roleKind, string apiGroup = "rbac.authorization.k8s.io") => new()
    {
        Metadata = new V1ObjectMeta { Name = "sync", NamespaceProperty = "default" },
        RoleRef = new V1RoleRef { ApiGroup = apiGroup, Kind = roleKind, Name = "sync" },
        Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "sync", NamespaceProperty = "default" }],
    };

    [Fact]
    public async Task A_config_map_key_must_be_a_config_key()
    {
        var map = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "config", NamespaceProperty = "default" }, Data = new Dictionary<string, string> { ["config yaml"] = "x" } };

        var causes = await ApiAssert.InvalidAsync(() => Client.CoreV1.CreateNamespacedConfigMapAsync(map, "default"));
        map.Data = new Dictionary<string, string> { ["config.yaml"] = "x" };
        await Client.CoreV1.CreateNamespacedConfigMapAsync(map, "default");

        ApiAssert.HasCause(causes, "FieldValueInvalid", "data[config yaml]", "valid config key");
    }

    [Fact]
    public async Task A_service_account_name_must_be_a_dns_subdomain()
    {
        var account = new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "Sync_Account", NamespaceProperty = "default" } };

        var causes = await ApiAssert.InvalidAsync(() => Client.CoreV1.CreateNamespacedServiceAccountAsync(account, "default"));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "metadata.name", "RFC 1123 subdomain");
    }

    [Fact]
    public async Task A_role_rule_needs_verbs_and_api_groups()
    {
        var role = new V1Role
        {
            Metadata = new V1ObjectMeta { Name = "sync", NamespaceProperty = "default" },
            Rules = [new V1PolicyRule { Resources = ["leases"] }],
        };

        var causes = await ApiAssert.InvalidAsync(() => Client.RbacAuthorizationV1.CreateNamespacedRoleAsync(role, "default"));

        ApiAssert.HasCause(causes, "FieldValueRequired", "rules[0].verbs");
        ApiAssert.HasCause(causes, "FieldValueRequired", "rules[0].apiGroups");
    }

    [Fact]
    public async Task A_namespaced_role_cannot_grant_non_resource_urls()
    {
        var role = new V1Role
        {
            Metadata = new V1ObjectMeta { Name = "sync", NamespaceProperty = "default" },
            Rules = [new V1PolicyRule { Verbs = ["get"], NonResourceURLs = ["/healthz"] }],
        };

        var causes = await ApiAssert.InvalidAsync(() => Client.RbacAuthorizationV1.CreateNamespacedRoleAsync(role, "default"));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "rules[0].nonResourceURLs", "namespaced rules cannot apply to non-resource URLs");
    }

    [Fact]
    public async Task A_cluster_role_binding_refers_to_a_cluster_role_only()
    {
        var binding = new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "sync" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "sync" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "sync" }],
        };

        var causes = await ApiAssert.InvalidAsync(() => Client.RbacAuthorizationV1.CreateClusterRoleBindingAsync(binding));

        ApiAssert.HasCause(causes, "FieldValueNotSupported", "roleRef.kind");
        ApiAssert.HasCause(causes, "FieldValueRequired", "subjects[0].namespace");
    }

    [Fact]
    public async Task A_role_binding_needs_the_rbac_api_group_and_keeps_its_role_ref()
    {
        var causes = await ApiAssert.InvalidAsync(() => Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(Binding("Role", "rbac"), "default"));
        await Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(Binding("Role"), "default");

        var changed = await ApiAssert.InvalidAsync(() => Client.RbacAuthorizationV1.ReplaceNamespacedRoleBindingAsync(Binding("ClusterRole"), "sync", "default"));

        ApiAssert.HasCause(causes, "FieldValueNotSupported", "roleRef.apiGroup");
        ApiAssert.HasCause(changed, "FieldValueInvalid", "roleRef", "cannot change roleRef");
    }
}
