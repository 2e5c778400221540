using System.Text.RegularExpressions;
using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Tests.EndToEnd;
using ExternalEndpointSync.TestSupport.Deploy;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s.Models;

namespace ExternalEndpointSync.Tests.Deploy;

/// <summary>
/// The README's Install and Uninstall steps, run as written with the real kubectl from the
/// repository root against the fake API server, as far as it serves the kinds: objects of the
/// kinds it serves are created (and deleted), and kubectl's only complaints are "no matches for
/// kind" for the kinds it does not serve, which <see cref="OverlayStructureTests"/> checks.
/// Two deviations, both forced by the fake: <c>--validate=false</c> (it serves no OpenAPI
/// documents for kubectl's schema validation) and no RBAC (kubectl sends no bearer token to
/// plain HTTP). The editor step keeps the example configuration.
/// </summary>
public sealed partial class ReadmeInstallTests : IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("ees-readme-").FullName;
    private FakeKubernetesApiServer server = null!;
    private HttpClient http = null!;
    private FakeApiResources api = null!;
    private string kubeconfig = "";

    public async Task InitializeAsync()
    {
        // As on a real cluster, a deleted namespace's content goes a little after the delete
        // answers (kubectl waits for it), so its later deletes in the namespace find their objects.
        server = await FakeKubernetesApiServer.StartAsync(new FakeApiServerOptions { GarbageCollectionDelay = TimeSpan.FromMilliseconds(500) });
        http = new HttpClient { BaseAddress = server.BaseAddress };
        api = new FakeApiResources(http);
        kubeconfig = server.WriteKubeconfig(directory);
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await server.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task The_install_steps_create_every_object_of_a_kind_the_fake_serves()
    {
        var steps = ReadmeSteps.Under("### Install");
        Assert.Equal(3, steps.Count);

        var unserved = await RunAsync(steps);

        var created = 0;
        foreach (var obj in new[] { "crd", "worker" }.SelectMany(static o => RenderedOverlay.Render(o).Objects))
        {
            if (await api.PathOfAsync(obj) is { } path)
            {
                Assert.True((await api.SendAsync(HttpMethod.Get, path)).Status == System.Net.HttpStatusCode.OK, $"{RenderedOverlay.Describe(obj)} was not created");
                created++;
            }
            else
            {
                Assert.Contains(obj.Kind, unserved);
            }
        }

        Assert.True(created > 0, "the fake serves none of the installed kinds");
        Assert.NotNull(server.Store.Get<V1Namespace>(null, RenderedOverlay.Namespace));
    }

    [Fact]
    public async Task The_uninstall_steps_remove_what_this_instance_wrote_and_leave_a_foreign_service()
    {
        await RunAsync(ReadmeSteps.Under("### Install"));
        server.Store.Seed(new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = "web" } });
        server.Store.Seed(new V1Service
        {
            ApiVersion = "v1", Kind = "Service",
            Metadata = new V1ObjectMeta { Name = "theirs", NamespaceProperty = "web" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] },
        });
        var config = Path.Combine(directory, "config.yaml");
        await File.WriteAllTextAsync(config, "apiVersion: externalendpoints.io/v1alpha1\nkind: SyncConfig\nservices:\n"
            + SyncWorld.StaticService("ours", ["192.0.2.1"], "web", "    publish: { endpoints: true }\n"));
        var sync = await CliRun.RunAsync("sync", "--once", "--config", config, "--kubeconfig", kubeconfig);
        Assert.True(sync.ExitCode == ExitCodes.Success, sync.ToString());
        Assert.NotEmpty(server.Store.List<V1EndpointSlice>("web"));

        var steps = ReadmeSteps.Under("### Uninstall");
        Assert.Equal(3, steps.Count);
        await RunAsync(steps);

        foreach (var obj in new[] { "crd", "worker" }.SelectMany(static o => RenderedOverlay.Render(o).Objects))
        {
            if (await api.PathOfAsync(obj) is { } path)
            {
                Assert.True((await api.SendAsync(HttpMethod.Get, path)).Status == System.Net.HttpStatusCode.NotFound, $"{RenderedOverlay.Describe(obj)} is still there");
            }
        }

        Assert.Null(server.Store.Get<V1Namespace>(null, RenderedOverlay.Namespace));
        Assert.Equal(["theirs"], server.Store.List<V1Service>("web").Select(static s => s.Metadata.Name));
        Assert.Empty(server.Store.List<V1EndpointSlice>("web"));
        Assert.Empty(server.Store.List<V1Endpoints>("web"));
    }

    /// <summary>Runs the steps; answers the kinds kubectl said the server does not serve.</summary>
    private async Task<HashSet<string>> RunAsync(IReadOnlyList<string> steps)
    {
        var unserved = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            var words = ReadmeSteps.Words(step);
            if (words[0] == "$EDITOR")
            {
                Assert.Equal(["$EDITOR", "deploy/base/config.yaml"], words);
                continue;
            }

            Assert.Equal("kubectl", words[0]);
            string[] deviation = words[1] is "apply" or "create" ? ["--validate=false"] : [];
            var result = await KubectlRunner.RunAsync(kubeconfig, [.. words.Skip(1), .. deviation], DeployManifests.RepositoryRoot);
            var complaints = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(static line => line != "ensure CRDs are installed first" && !line.StartsWith("Warning: ", StringComparison.Ordinal))
                .ToList();
            var exitCode = result.ExitCode;
            foreach (var complaint in complaints)
            {
                var match = UnservedKind().Match(complaint);
                Assert.True(match.Success && RenderedOverlay.KindsCheckedStructurally.Contains(match.Groups["kind"].Value), $"{step}: {complaint}\n{result.StandardOutput}");
                unserved.Add(match.Groups["kind"].Value);
            }

            Assert.True(exitCode == (complaints.Count == 0 ? 0 : 1), $"{step}: exit {result.ExitCode}\n{result.StandardError}");
        }

        return unserved;
    }

    [GeneratedRegex("""no matches for kind "(?<kind>\w+)" in version""")]
    private static partial Regex UnservedKind();
}
