using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>
/// RBAC mode: the rules of plugin/pkg/auth/authorizer/rbac/rbac.go over a YAML stream of RBAC objects, refusals as
/// staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go (Forbidden) builds them,
/// and the OwnerReferencesPermissionEnforcement admission plugin (plugin/pkg/admission/gc/gc_admission.go).
/// </summary>
public sealed class RbacModeTests : IAsyncLifetime
{
    private const string User = "system:serviceaccount:external-endpoint-sync:external-endpoint-sync";
    private FakeKubernetesApiServer server = null!;
    private IKubernetes product = null!;

    public async Task InitializeAsync()
    {
        // Like deploy/base/rbac.yaml without services/finalizers, plus a namespaced Role in "web".
        const string Manifests = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: { name: sync }
            rules:
              - { apiGroups: [""], resources: [services], verbs: [get, list, create, delete] }
              - { apiGroups: [discovery.k8s.io], resources: [endpointslices], verbs: [create, delete] }
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: { name: sync }
            roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: sync }
            subjects: [ { kind: ServiceAccount, name: external-endpoint-sync, namespace: external-endpoint-sync } ]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: { name: endpoints-here, namespace: web }
            rules:
              - { apiGroups: [""], resources: [endpoints], verbs: [list] }
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: { name: endpoints-here, namespace: web }
            roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: endpoints-here }
            subjects: [ { kind: ServiceAccount, name: external-endpoint-sync, namespace: external-endpoint-sync } ]
            """;
        server = await FakeKubernetesApiServer.StartAsync(new FakeApiServerOptions { Rbac = new RbacOptions { Manifests = Manifests } });
        server.Store.Seed(new V1Namespace { Metadata = new V1ObjectMeta { Name = "web" } });
        product = server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        product.Dispose();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task A_verb_not_granted_is_forbidden_with_the_api_servers_message_and_details()
    {
        var service = await product.CoreV1.CreateNamespacedServiceAsync(FakeApiTestBaseShapes.Service("web"), "default");

        var status = await ApiAssert.FailsAsync(403, () => product.CoreV1.ReplaceNamespacedServiceAsync(service, "web", "default"));

        Assert.Equal("Forbidden", (string?)status["reason"]);
        Assert.Equal($"services \"web\" is forbidden: User \"{User}\" cannot update resource \"services\" in API group \"\" in the namespace \"default\"", (string?)status["message"]);
        Assert.Equal("""{"name":"web","kind":"services"}""", status["details"]!.ToJsonString());
    }

    [Fact]
    public async Task A_list_across_namespaces_is_judged_at_the_cluster_scope()
    {
        var status = await ApiAssert.FailsAsync(403, () => product.DiscoveryV1.ListEndpointSliceForAllNamespacesAsync());

        Assert.Equal($"endpointslices.discovery.k8s.io is forbidden: User \"{User}\" cannot list resource \"endpointslices\" in API group \"discovery.k8s.io\" at the cluster scope", (string?)status["message"]);
        Assert.Equal("""{"group":"discovery.k8s.io","kind":"endpointslices"}""", status["details"]!.ToJsonString());
    }

    [Fact]
    public async Task A_role_binding_grants_only_in_its_own_namespace()
    {
        await product.CoreV1.ListNamespacedEndpointsAsync("web");

        await ApiAssert.FailsAsync(403, () => product.CoreV1.ListNamespacedEndpointsAsync("default"));
    }

    [Fact]
    public async Task Setting_blockOwnerDeletion_needs_update_on_the_owners_finalizers()
    {
        var service = await product.CoreV1.CreateNamespacedServiceAsync(FakeApiTestBaseShapes.Service("owner"), "default");

        var status = await ApiAssert.FailsAsync(403, () => product.DiscoveryV1.CreateNamespacedEndpointSliceAsync(FakeApiTestBaseShapes.SliceOf(service, blockOwnerDeletion: true), "default"));
        await product.DiscoveryV1.CreateNamespacedEndpointSliceAsync(FakeApiTestBaseShapes.SliceOf(service, blockOwnerDeletion: false), "default");

        Assert.Equal("endpointslices.discovery.k8s.io is forbidden: cannot set blockOwnerDeletion if an ownerReference refers to a resource you can't set finalizers on: , <nil>", (string?)status["message"]);
        Assert.Single(server.Store.List<V1EndpointSlice>("default"));
    }

    [Fact]
    public async Task Tokens_map_to_identities_and_an_unknown_one_is_unauthorized()
    {
        using var admin = server.CreateAdminClient();
        await admin.DiscoveryV1.ListEndpointSliceForAllNamespacesAsync();
        using var stranger = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = server.BaseAddress.ToString().TrimEnd('/'), AccessToken = "who-knows" });

        var status = await ApiAssert.FailsAsync(401, () => stranger.CoreV1.ListNamespacedServiceAsync("default"));

        Assert.Equal("Unauthorized", (string?)status["message"]);
    }

    [Fact]
    public async Task A_token_bound_to_a_pod_authenticates_as_the_service_account_and_gets_its_grants_only()
    {
        using var pod = new k8s.Kubernetes(new KubernetesClientConfiguration
        {
            Host = server.BaseAddress.ToString().TrimEnd('/'),
            AccessToken = server.PodTokens.Issue("worker-0"),
        });

        await pod.CoreV1.ListNamespacedServiceAsync("default");
        var status = await ApiAssert.FailsAsync(403, () => pod.CoreV1.ListNamespacedEndpointsAsync("default"));

        Assert.Contains($"User \"{User}\" cannot list resource \"endpoints\"", (string?)status["message"], StringComparison.Ordinal);
        Assert.Equal([new RbacGrant(string.Empty, "services", "list")], server.Authorization!.Exercised);
    }

    [Fact]
    public async Task What_the_service_account_was_granted_is_recorded()
    {
        await product.CoreV1.ListNamespacedServiceAsync("default");
        using var admin = server.CreateAdminClient();
        await admin.CoreV1.ListNamespacedEndpointsAsync("default");

        Assert.Equal([new RbacGrant(string.Empty, "services", "list")], server.Authorization!.Exercised);
    }
}
