using ExternalEndpointSync.Cli;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>Dry-run writes nothing; the YAML and JSON outputs are complete objects a cluster would accept.</summary>
public sealed class DryRunAndOutputTests : SyncWorldTest
{
    [Fact]
    public async Task Dry_run_against_a_cluster_reports_the_difference_and_writes_nothing()
    {
        var config = World.WriteConfig(SyncWorld.StaticService("planned", ["192.0.2.1", "2001:db8::1"]));

        var run = await World.SyncAsync(config, "--dry-run");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(0, World.Api.Writes.Total);
        Assert.Empty(World.Api.Store.List<V1Service>());
        Assert.Contains("would be created 3", run.Output, StringComparison.Ordinal);
        Assert.Equal(3, World.Api.Requests.Lists);
    }

    [Fact]
    public async Task Dry_run_without_a_reachable_cluster_plans_against_an_empty_one_and_says_so()
    {
        var config = World.WriteConfig(SyncWorld.StaticService("offline", ["192.0.2.1"]));

        var run = await CliRun.RunAsync("sync", "--once", "--dry-run", "--config", config, "--kubeconfig", "/nonexistent/kubeconfig");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("planning against an empty cluster", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dry_run_against_a_cluster_that_does_not_answer_plans_against_an_empty_one_and_says_so()
    {
        var config = World.WriteConfig(SyncWorld.StaticService("offline", ["192.0.2.1"]));
        var kubeconfig = Path.Combine(Path.GetDirectoryName(config)!, "unreachable-kubeconfig");
        File.WriteAllText(kubeconfig, File.ReadAllText(World.Kubeconfig).Replace(World.Api.BaseAddress.ToString().TrimEnd('/'), "http://127.0.0.1:1", StringComparison.Ordinal));

        var run = await CliRun.RunAsync("sync", "--once", "--dry-run", "--config", config, "--kubeconfig", kubeconfig);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("planning against an empty cluster", run.Output, StringComparison.Ordinal);
        Assert.Contains("would be created 2", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_without_a_cluster_and_without_dry_run_fails_and_says_why()
    {
        var config = World.WriteConfig(SyncWorld.StaticService("offline", ["192.0.2.1"]));

        var run = await CliRun.RunAsync("sync", "--once", "--config", config, "--kubeconfig", "/nonexistent/kubeconfig");

        Assert.Equal(ExitCodes.PartialFailure, run.ExitCode);
        Assert.Contains("/nonexistent/kubeconfig", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Yaml_output_is_a_clean_stream_of_complete_objects_that_the_api_server_accepts()
    {
        var config = World.WriteConfig(
            SyncWorld.StaticService("yaml-out", ["192.0.2.1", "2001:db8::1"], extra: "    publish: { endpoints: true }\n") +
            "  - name: alias\n    type: ExternalName\n    externalName: docs.example.com\n");

        var run = await World.SyncAsync(config, "--dry-run", "--output", "yaml");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.StartsWith("---", run.Output, StringComparison.Ordinal);
        var objects = KubernetesYaml.LoadAllFromString(run.Output);
        Assert.Equal(["Service", "Service", "EndpointSlice", "EndpointSlice", "Endpoints"], objects.Select(o => ((IKubernetesObject)o).Kind));
        Assert.All(objects, o => Assert.NotNull(((IKubernetesObject)o).ApiVersion));

        // Objects as printed can be created as they are: the Services first, then what they own.
        using var client = World.Api.CreateClient();
        foreach (var obj in objects)
        {
            switch (obj)
            {
                case V1Service service:
                    await client.CoreV1.CreateNamespacedServiceAsync(service, service.Metadata.NamespaceProperty);
                    break;
                case V1EndpointSlice slice:
                    await client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(slice, slice.Metadata.NamespaceProperty);
                    break;
                case V1Endpoints endpoints:
                    await client.CoreV1.CreateNamespacedEndpointsAsync(endpoints, endpoints.Metadata.NamespaceProperty);
                    break;
            }
        }

        Assert.Equal(5, World.Api.Writes.Creates);
    }

    [Fact]
    public async Task Json_output_is_a_v1_list()
    {
        var config = World.WriteConfig(SyncWorld.StaticService("json-out", ["192.0.2.1"]));

        var run = await World.SyncAsync(config, "--dry-run", "--output", "json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        using var document = System.Text.Json.JsonDocument.Parse(run.Output);
        Assert.Equal("List", document.RootElement.GetProperty("kind").GetString());
        Assert.Equal(2, document.RootElement.GetProperty("items").GetArrayLength());
    }
}
