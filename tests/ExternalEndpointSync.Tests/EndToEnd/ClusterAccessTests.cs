using ExternalEndpointSync.Cli;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s.Models;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>
/// The command line as its own process: which cluster its environment selects, and what its
/// default logging prints on standard error.
/// </summary>
public sealed class ClusterAccessTests : SyncWorldTest
{
    private readonly string scratch = Directory.CreateTempSubdirectory("ees-access-").FullName;
    private FakeKubernetesApiServer decoy = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        decoy = await FakeKubernetesApiServer.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await decoy.DisposeAsync();
        Directory.Delete(scratch, recursive: true);
        await base.DisposeAsync();
    }

    [Fact]
    public async Task KUBECONFIG_selects_the_cluster_and_the_home_folder_is_only_the_fallback()
    {
        var home = Path.Combine(scratch, "home");
        var kube = Path.Combine(home, ".kube");
        File.Move(decoy.WriteKubeconfig(kube), Path.Combine(kube, "config"));
        var config = World.WriteConfig(SyncWorld.StaticService("chosen", ["192.0.2.1"]));
        var list = string.Join(':', Path.Combine(scratch, "missing"), "", World.Kubeconfig);

        var viaEnvironment = await CliProcess.RunAsync(new Dictionary<string, string> { ["HOME"] = home, ["KUBECONFIG"] = list }, "sync", "--once", "--config", config);

        Assert.True(viaEnvironment.ExitCode == ExitCodes.Success, viaEnvironment.ToString());
        Assert.Equal(2, World.Api.Writes.Creates);
        Assert.Equal(0, decoy.Requests.Total);

        var viaHome = await CliProcess.RunAsync(new Dictionary<string, string> { ["HOME"] = home }, "sync", "--once", "--config", config);

        Assert.True(viaHome.ExitCode == ExitCodes.Success, viaHome.ToString());
        Assert.Equal(2, decoy.Writes.Creates);
        Assert.Equal(2, World.Api.Writes.Creates);
    }

    [Fact]
    public async Task Default_logging_is_one_short_line_per_write_and_per_retry_without_stack_traces_or_object_dumps()
    {
        const int Services = 40;
        const int Failures = 3;
        var config = World.WriteConfig(string.Concat(Enumerable.Range(0, Services).Select(i => SyncWorld.StaticService($"svc-{i}", [$"192.0.2.{i + 1}"]))));
        World.Api.Faults.Enqueue(new Fault { Verb = "create", Resource = "services", StatusCode = 500, Times = Failures });

        var run = await CliProcess.RunAsync(
            new Dictionary<string, string> { ["HOME"] = scratch }, "sync", "--once", "--config", config, "--kubeconfig", World.Kubeconfig);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var objects = World.Api.Store.List<V1Service>().Count + World.Api.Store.List<V1EndpointSlice>().Count;
        Assert.Equal(2 * Services, objects);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var writes = lines.Count(static l => l.Contains("KubernetesChangeApplier[100]", StringComparison.Ordinal));
        var retries = lines.Count(static l => l.Contains("retrying in", StringComparison.Ordinal));
        Assert.Equal((objects, Failures), (writes, retries));
        Assert.True(lines.Length <= objects + Failures + 3, run.Error);
        Assert.All(lines, static line =>
        {
            Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
            Assert.DoesNotContain("ApiVersion", line, StringComparison.Ordinal);
            Assert.True(line.Length < 300, line);
        });
    }
}
