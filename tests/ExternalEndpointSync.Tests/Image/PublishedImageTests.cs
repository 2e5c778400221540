using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Tests.EndToEnd;
using ExternalEndpointSync.Tests.Worker;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using ExternalEndpointSync.TestSupport.Servers;
using k8s.Models;

namespace ExternalEndpointSync.Tests.Image;

/// <summary>The published app of the Dockerfile, run as the image runs it: unprivileged, from a read-only /app.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class PublishedImageTests(PublishedImage image) : IClassFixture<PublishedImage>
{
    [Fact]
    public async Task The_published_app_plans_the_examples_as_an_unprivileged_user_from_a_read_only_directory()
    {
        var run = await image.RunAsync("sync", "--once", "--dry-run", "--config", "config/examples.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(DryRunSummary(), run.Output);
        Assert.Contains("web/legacy-api", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Output + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_published_app_says_its_commit_is_unknown_because_the_build_stage_has_no_git_checkout()
    {
        var run = await image.RunAsync("--version");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches($@"^ExternalEndpointSync \S+ \(commit {ProductVersion.UnknownCommit}\)\n$", run.Output);
    }

    [Fact]
    public async Task The_published_worker_becomes_ready_as_an_unprivileged_user_and_releases_its_lease_on_SIGTERM()
    {
        // The image's own command with the file standing for the mounted ConfigMap, pointed at the
        // fake (RBAC on, as the deploy/ service account).
        const string MountedConfig = "/etc/external-endpoint-sync/config.yaml";
        var command = Repository.Dockerfile.Stages[^1].Single("CMD").ExecForm;
        Assert.Equal(["run", "--config", MountedConfig], command);
        await using var api = await FakeKubernetesApiServer.StartAsync(SyncWorld.WithRbac);
        foreach (var name in new[] { "web", WorkerWorld.LeaseNamespace })
        {
            api.Store.Seed(new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = name } });
        }

        // Readable by the unprivileged user the app runs as, like a mounted ConfigMap and token.
        var files = Directory.CreateTempSubdirectory("ees-image-run-").FullName;
        try
        {
            var config = Path.Combine(files, "config.yaml");
            await File.WriteAllTextAsync(config, "apiVersion: externalendpoints.io/v1alpha1\nkind: SyncConfig\nservices:\n"
                + SyncWorld.StaticService("legacy-api", ["192.0.2.10"], "web"));
            var kubeconfig = api.WriteKubeconfig(files);
            File.SetUnixFileMode(files, (UnixFileMode)0b111_101_101);
            File.SetUnixFileMode(config, (UnixFileMode)0b110_100_100);
            File.SetUnixFileMode(kubeconfig, (UnixFileMode)0b110_100_100);
            var port = Ports.FreeOn(IPAddress.Loopback);

            await using var worker = image.Start(
                [.. command.Select(w => w == MountedConfig ? config : w), "--kubeconfig", kubeconfig, "--lease-namespace", WorkerWorld.LeaseNamespace, "--http-port", port.ToString(CultureInfo.InvariantCulture)]);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            // A follower is ready too; the only replica leads soon after, and is ready again once it synced.
            await Eventually.WaitAsync(async () => !worker.HasExited && await OkAnswerAsync(http, "/readyz") == "ok: leading\n", "the published worker leads and answers /readyz with 200", () => worker.Output);

            Assert.Equal("ok\n", await OkAnswerAsync(http, "/healthz"));
            Assert.Single(api.Store.List<V1EndpointSlice>("web"));
            await worker.StopAsync(UnixSignal.Terminate, TimeSpan.FromSeconds(20));
            Assert.Contains("Released the leader lease", worker.Output, StringComparison.Ordinal);
            Assert.True(string.IsNullOrEmpty(api.Store.Get<V1Lease>(WorkerWorld.LeaseNamespace, WorkerWorld.LeaseName)?.Spec.HolderIdentity), worker.Output);
            Assert.DoesNotContain("Exception", worker.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(files, recursive: true);
        }
    }

    [Fact]
    public void The_app_directory_is_read_only_and_holds_no_build_output_of_the_host()
    {
        Assert.Equal(0, (int)(File.GetUnixFileMode(image.AppDirectory) & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)));
        Assert.True(File.Exists(Path.Combine(image.AppDirectory, "ExternalEndpointSync.dll")));
        Assert.True(File.Exists(Path.Combine(image.AppDirectory, "config", "examples.yaml")));
        Assert.Empty(Directory.EnumerateDirectories(image.FinalRoot, "obj", SearchOption.AllDirectories));
    }

    /// <summary>The body of a 200 answer; null for any other status or no answer yet.</summary>
    private static async Task<string?> OkAnswerAsync(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(path);
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"(?m)^dry-run: [1-9][0-9]* services synced, 0 failed; objects would be created [1-9]")]
    private static partial Regex DryRunSummary();
}
