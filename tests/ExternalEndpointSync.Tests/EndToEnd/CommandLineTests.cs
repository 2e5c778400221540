using ExternalEndpointSync.Cli;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>The command line contract: exit codes, validate, and the README's quick start.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task The_readme_quick_start_plans_the_examples_without_a_cluster()
    {
        // CliRun gives the command an empty home folder and no KUBECONFIG, as on a machine without a cluster.
        var run = await CliRun.RunAsync("sync", "--once", "--dry-run", "--config", Path.Combine(AppContext.BaseDirectory, "config", "examples.yaml"));

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("0 failed", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning:", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_reports_every_error_with_its_path_and_line_and_exits_2()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ees-cli-").FullName, "broken.yaml");
        await File.WriteAllTextAsync(path, """
            apiVersion: externalendpoints.io/v1alpha1
            kind: SyncConfig
            services:
              - name: Orders_DB
                ports: [ { name: pg, port: 70000 } ]
                source:
                  static: { addresses: [ 192.0.2.1 ] }
              - name: docs
                type: ExternalName
            """);

        var run = await CliRun.RunAsync("validate", "--config", path);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains($"{path}:4:", run.Error, StringComparison.Ordinal);
        Assert.Contains("services[0].name", run.Error, StringComparison.Ordinal);
        Assert.Contains($"{path}:5:", run.Error, StringComparison.Ordinal);
        Assert.Contains("services[0].ports[0].port", run.Error, StringComparison.Ordinal);
        Assert.Contains("services[1].externalName", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_accepts_every_example_file_and_reports_the_pod_files_consul_yaml_names()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "config"), "*.yaml"))
        {
            var run = await CliRun.RunAsync("validate", "--config", file);
            if (Path.GetFileName(file) == "consul.yaml")
            {
                // Its token and CA files are paths in a pod: validate reads them, so here they are missing.
                Assert.True(run.ExitCode == ExitCodes.Invalid, run.ToString());
                Assert.Contains($"{file}:9:", run.Error, StringComparison.Ordinal);
                Assert.Contains("error: consul.tokenFile: cannot read token file", run.Error, StringComparison.Ordinal);
            }
            else
            {
                Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
            }
        }
    }

    [Fact]
    public async Task An_invalid_configuration_makes_sync_exit_2_without_contacting_anything()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ees-cli-").FullName, "bad.yaml");
        await File.WriteAllTextAsync(path, "apiVersion: externalendpoints.io/v1alpha1\nkind: SyncConfig\nservices: [ { name: x, unknownField: 1 } ]\n");

        var run = await CliRun.RunAsync("sync", "--once", "--config", path, "--kubeconfig", "/nonexistent/kubeconfig");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains("unknownField", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sync", "--once")]
    [InlineData("sync", "--config", "x.yaml", "--output", "xml")]
    [InlineData("sync", "--config", "x.yaml", "--policy", "delete-all")]
    [InlineData("frobnicate")]
    public async Task An_invalid_command_line_exits_2(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains("error:", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a label!")]
    [InlineData("")]
    public async Task An_invalid_owner_id_exits_2(string ownerId)
    {
        var run = await CliRun.RunAsync("sync", "--once", "--dry-run", "--config", Path.Combine(AppContext.BaseDirectory, "config", "examples.yaml"), "--owner-id", ownerId);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains("--owner-id", run.Error, StringComparison.Ordinal);
    }
}
