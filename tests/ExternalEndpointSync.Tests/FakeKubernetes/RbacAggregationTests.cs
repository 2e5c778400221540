using ExternalEndpointSync.Model;
using ExternalEndpointSync.TestSupport.Deploy;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using ExternalEndpointSync.Tests.Registrations.Resources;
using k8s;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>
/// RBAC mode aggregates ClusterRoles as the clusterrole-aggregation controller does. With the
/// bootstrap admin/edit/view roles (their aggregationRules and labels as bootstrappolicy/policy.go
/// defines them) and the crd overlay, an app team bound to <c>edit</c> in its namespace manages
/// ExternalServices there and nowhere else, one bound to <c>view</c> only reads them, and neither
/// may write their status.
/// </summary>
public sealed class RbacAggregationTests : IAsyncLifetime
{
    private const string BootstrapRoles = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: { name: admin }
        aggregationRule:
          clusterRoleSelectors: [ { matchLabels: { rbac.authorization.k8s.io/aggregate-to-admin: "true" } } ]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: { name: edit, labels: { rbac.authorization.k8s.io/aggregate-to-admin: "true" } }
        aggregationRule:
          clusterRoleSelectors: [ { matchLabels: { rbac.authorization.k8s.io/aggregate-to-edit: "true" } } ]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: { name: view, labels: { rbac.authorization.k8s.io/aggregate-to-edit: "true" } }
        aggregationRule:
          clusterRoleSelectors: [ { matchLabels: { rbac.authorization.k8s.io/aggregate-to-view: "true" } } ]
        """;

    private FakeKubernetesApiServer edit = null!;
    private FakeKubernetesApiServer view = null!;

    public async Task InitializeAsync()
    {
        edit = await StartAsync("edit");
        view = await StartAsync("view");
    }

    public async Task DisposeAsync()
    {
        await edit.DisposeAsync();
        await view.DisposeAsync();
    }

    [Fact]
    public async Task Edit_in_a_namespace_manages_external_services_there_and_nowhere_else_and_never_their_status()
    {
        using var team = edit.CreateClient();

        var created = await ExternalServiceCluster.CreateAsync(team, "team-a", "orders", ExternalServiceCluster.StaticSpec("192.0.2.1"));
        await ExternalServiceCluster.ReplaceSpecAsync(team, "team-a", "orders", ExternalServiceCluster.StaticSpec("192.0.2.2"));

        await ApiAssert.FailsAsync(403, () => ExternalServiceCluster.CreateAsync(team, "team-b", "orders", ExternalServiceCluster.StaticSpec("192.0.2.1")));
        await ApiAssert.FailsAsync(403, () => team.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(
            created, ExternalServiceKind.Group, ExternalServiceKind.Version, "team-a", ExternalServiceKind.Plural, "orders"));
        await ExternalServiceCluster.DeleteAsync(team, "team-a", "orders");
    }

    [Fact]
    public async Task View_in_a_namespace_reads_external_services_there_and_changes_nothing()
    {
        using (var admin = view.CreateAdminClient())
        {
            await ExternalServiceCluster.CreateAsync(admin, "team-a", "orders", ExternalServiceCluster.StaticSpec("192.0.2.1"));
        }

        using var team = view.CreateClient();
        Assert.Equal("orders", (await ExternalServiceCluster.ReadAsync(team, "team-a", "orders")).Metadata.Name);
        await ApiAssert.FailsAsync(403, () => ExternalServiceCluster.CreateAsync(team, "team-a", "other", ExternalServiceCluster.StaticSpec("192.0.2.1")));
        await ApiAssert.FailsAsync(403, () => ExternalServiceCluster.DeleteAsync(team, "team-a", "orders"));
    }

    private static async Task<FakeKubernetesApiServer> StartAsync(string role)
    {
        var binding = $$"""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: { name: team, namespace: team-a }
            roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: {{role}} }
            subjects: [ { kind: ServiceAccount, name: alice, namespace: team-a } ]
            """;
        var server = await FakeKubernetesApiServer.StartAsync(new FakeApiServerOptions
        {
            Rbac = new RbacOptions
            {
                Manifests = $"{BootstrapRoles}\n---\n{DeployManifests.RenderOverlay("crd")}\n---\n{binding}",
                ServiceAccountNamespace = "team-a",
                ServiceAccountName = "alice",
            },
        });
        foreach (var name in new[] { "team-a", "team-b" })
        {
            server.Store.Seed(new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = name } });
        }

        using var admin = server.CreateAdminClient();
        await ExternalServiceCluster.InstallCrdAsync(admin);
        return server;
    }
}
