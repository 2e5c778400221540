using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Tests.EndToEnd;
using ExternalEndpointSync.TestSupport.Deploy;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s.Models;

namespace ExternalEndpointSync.Tests.Deploy;

/// <summary>The messages the README's troubleshooting section quotes are the ones users get.</summary>
public sealed class TroubleshootingTests
{
    [Fact]
    public async Task A_service_account_without_its_cluster_role_gets_the_403_the_readme_quotes()
    {
        // The worker overlay as rendered, but without the ClusterRoleBinding: "not applied, or changed".
        var documents = DeployManifests.RenderOverlay("worker").Split("\n---\n");
        var world = new SyncWorld(new FakeApiServerOptions { Rbac = new RbacOptions { Manifests = string.Join("\n---\n", documents.Where(static d => !d.Contains("kind: ClusterRoleBinding", StringComparison.Ordinal))) } });
        await world.InitializeAsync();
        try
        {
            var run = await world.SyncAsync(world.WriteConfig(SyncWorld.StaticService("legacy-api", ["192.0.2.10"], "web")));

            Assert.Equal(ExitCodes.PartialFailure, run.ExitCode);
            var quoted = Quoted("**RBAC: 403 Forbidden.**");
            Assert.True((run.Output + run.Error).Contains(quoted, StringComparison.Ordinal), $"README quotes:\n{quoted}\n{run}");
        }
        finally
        {
            await world.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_foreign_service_gets_the_conflict_the_readme_quotes()
    {
        var world = new SyncWorld();
        await world.InitializeAsync();
        try
        {
            world.Api.Store.Seed(new V1Service
            {
                ApiVersion = "v1", Kind = "Service",
                Metadata = new V1ObjectMeta { Name = "legacy-api", NamespaceProperty = "web" },
                Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] },
            });
            var run = await world.SyncAsync(world.WriteConfig(SyncWorld.StaticService("legacy-api", ["192.0.2.10"], "web")));

            Assert.Equal(ExitCodes.PartialFailure, run.ExitCode);
            var quoted = Quoted("**A conflict with a foreign Service.**");
            Assert.True((run.Output + run.Error).Contains(quoted, StringComparison.Ordinal), $"README quotes:\n{quoted}\n{run}");
        }
        finally
        {
            await world.DisposeAsync();
        }
    }

    /// <summary>The one line of the first code block after the paragraph starting with <paramref name="paragraph"/>.</summary>
    private static string Quoted(string paragraph)
    {
        var lines = File.ReadAllLines(Path.Combine(DeployManifests.RepositoryRoot, "README.md"));
        var start = Array.FindIndex(lines, l => l.StartsWith(paragraph, StringComparison.Ordinal));
        Assert.True(start >= 0, $"README.md has no paragraph '{paragraph}'");
        var open = Array.FindIndex(lines, start, static l => l == "```");
        return Assert.Single(lines[(open + 1)..Array.FindIndex(lines, open + 1, static l => l == "```")]);
    }
}
