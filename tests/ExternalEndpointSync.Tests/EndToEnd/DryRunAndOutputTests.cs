using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Reporting;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
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

        var (run, report) = await World.SyncReportAsync(config, "--dry-run");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(0, World.Api.Writes.Total);
        Assert.Empty(World.Api.Store.List<V1Service>());
        Assert.True(report.DryRun);
        Assert.Null(report.ClusterNote);
        Assert.Equal(new RunCounts(Services: 1, Failed: 0, Created: 3, Updated: 0, Deleted: 0, Unchanged: 0), report.Counts);
        Assert.Equal(3, World.Api.Requests.Lists);
        Assert.All(["services", "endpointslices", "endpoints"], resource => Assert.Equal(1, World.Api.Requests.Count("list", resource)));
    }

    [Fact]
    public async Task Dry_run_without_any_kubeconfig_plans_against_an_empty_one_and_says_so()
    {
        var config = World.WriteConfig(SyncWorld.StaticService("offline", ["192.0.2.1"]));

        var run = await CliRun.RunAsync("sync", "--once", "--dry-run", "--config", config, "--output", "report-json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var report = RunReport.Parse(run);
        Assert.Contains("planning against an empty cluster", report.ClusterNote, StringComparison.Ordinal);
        Assert.Equal(2, report.Counts.Created);
    }

    public static TheoryData<string, bool> WrongClusterAccess => new()
    {
        { "missing", true }, { "missing", false },
        { "directory", true }, { "directory", false },
        { "garbage", true }, { "garbage", false },
        { "unknown-context", true }, { "unknown-context", false },
    };

    [Theory]
    [MemberData(nameof(WrongClusterAccess))]
    public async Task A_wrong_kubeconfig_or_context_exits_2_with_one_line_and_contacts_nothing(string problem, bool dryRun)
    {
        var config = World.WriteConfig(SyncWorld.StaticService("wrong", ["192.0.2.1"]));
        var scratch = Path.GetDirectoryName(config)!;
        var garbage = Path.Combine(scratch, "garbage-kubeconfig");
        await File.WriteAllTextAsync(garbage, "\u0000{{{ [ this: is: not: a kubeconfig");
        string[] access = problem switch
        {
            "missing" => ["--kubeconfig", Path.Combine(scratch, "no-such-kubeconfig")],
            "directory" => ["--kubeconfig", scratch],
            "garbage" => ["--kubeconfig", garbage],
            _ => ["--kubeconfig", World.Kubeconfig, "--context", "no-such-context"],
        };

        var run = await CliRun.RunAsync(["sync", "--once", "--config", config, .. access, .. dryRun ? new[] { "--dry-run" } : []]);

        Assert.True(run.ExitCode == ExitCodes.Invalid, run.ToString());
        Assert.Equal(0, World.Api.Requests.Total);
        Assert.Empty(run.Output);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(access[1], line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(401, true)]
    [InlineData(403, true)]
    [InlineData(403, false)]
    public async Task A_cluster_that_refuses_us_fails_the_sync_with_exit_1_instead_of_planning_against_nothing(int status, bool dryRun)
    {
        var config = World.WriteConfig(SyncWorld.StaticService("refused", ["192.0.2.1"]));
        World.Api.Faults.Enqueue(new Fault { Verb = "list", Resource = "services", StatusCode = status, Times = 10 });

        var run = await World.SyncAsync(config, dryRun ? ["--dry-run"] : []);

        Assert.True(run.ExitCode == ExitCodes.PartialFailure, run.ToString());
        Assert.Equal(0, World.Api.Writes.Total);
        Assert.DoesNotContain("empty cluster", run.Output + run.Error, StringComparison.Ordinal);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"{status}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dry_run_reports_the_same_conflict_as_a_real_sync_for_a_name_held_by_a_foreign_service()
    {
        World.Api.Store.Seed(new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new V1ObjectMeta { Name = "taken", NamespaceProperty = "default", Labels = new Dictionary<string, string> { ["team"] = "theirs" } },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 5432 }], Selector = new Dictionary<string, string> { ["app"] = "db" } },
        });
        var config = World.WriteConfig(SyncWorld.StaticService("taken", ["192.0.2.1"]) + SyncWorld.StaticService("free", ["192.0.2.2"]));

        var dryRun = await World.SyncReportAsync(config, "--dry-run");
        Assert.Equal(0, World.Api.Writes.Total);
        var real = await World.SyncReportAsync(config);

        Assert.True(real.Run.ExitCode == ExitCodes.PartialFailure, real.Run.ToString());
        Assert.True(dryRun.Run.ExitCode == real.Run.ExitCode, dryRun.Run.ToString());
        Assert.True(dryRun.Report["default/taken"].Is(ServiceStatus.Conflict), dryRun.Run.ToString());
        Assert.Equal(real.Report["default/taken"].Status, dryRun.Report["default/taken"].Status);
        Assert.Equal(real.Report["default/taken"].Errors, dryRun.Report["default/taken"].Errors);
        Assert.True(real.Report["default/free"].Is(ServiceStatus.Synced), real.Run.ToString());
        Assert.True(dryRun.Report["default/free"].Is(ServiceStatus.Synced), dryRun.Run.ToString());
    }

    [Fact]
    public async Task Sync_without_a_cluster_and_without_dry_run_fails_and_says_why()
    {
        var config = World.WriteConfig(SyncWorld.StaticService("offline", ["192.0.2.1"]));

        var run = await CliRun.RunAsync("sync", "--once", "--config", config);

        Assert.Equal(ExitCodes.PartialFailure, run.ExitCode);
        Assert.Contains("no kubeconfig", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dry_run_against_a_cluster_that_does_not_answer_plans_against_an_empty_one_and_says_so()
    {
        var config = World.WriteConfig(SyncWorld.StaticService("offline", ["192.0.2.1"]));
        var kubeconfig = Path.Combine(Path.GetDirectoryName(config)!, "unreachable-kubeconfig");
        File.WriteAllText(kubeconfig, File.ReadAllText(World.Kubeconfig).Replace(World.Api.BaseAddress.ToString().TrimEnd('/'), "http://127.0.0.1:1", StringComparison.Ordinal));

        var run = await CliRun.RunAsync("sync", "--once", "--dry-run", "--config", config, "--kubeconfig", kubeconfig, "--output", "report-json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var report = RunReport.Parse(run);
        Assert.Contains("planning against an empty cluster", report.ClusterNote, StringComparison.Ordinal);
        Assert.Equal(2, report.Counts.Created);
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
