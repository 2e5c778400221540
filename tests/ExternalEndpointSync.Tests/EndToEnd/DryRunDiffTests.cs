using ExternalEndpointSync.Cli;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>A dry-run's table output shows what would change as a diff, like <c>kubectl diff</c>.</summary>
public sealed class DryRunDiffTests : SyncWorldTest
{
    [Fact]
    public async Task A_dry_run_in_a_pipe_shows_the_changed_lines_of_an_update_without_colour()
    {
        var synced = await World.SyncAsync(World.WriteConfig(SyncWorld.StaticService("api", ["192.0.2.1", "192.0.2.2"])));
        Assert.True(synced.ExitCode == ExitCodes.Success, synced.ToString());
        var writes = World.Api.Writes.Total;
        var changed = World.WriteConfig(SyncWorld.StaticService("api", ["192.0.2.1", "192.0.2.3"]));

        // A real process whose stdout is a pipe; NO_COLOR empty counts as not set, so only the pipe keeps colour off.
        var run = await CliProcess.RunAsync(
            new Dictionary<string, string> { ["NO_COLOR"] = "" },
            "sync", "--once", "--dry-run", "--config", changed, "--kubeconfig", World.Kubeconfig);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(writes, World.Api.Writes.Total);
        Assert.DoesNotContain('\u001b', run.Output);
        var lines = run.Output.Split('\n');
        Assert.Single(lines, static l => l.StartsWith("# update EndpointSlice default/api-", StringComparison.Ordinal));
        Assert.Equal(
            ["-  - 192.0.2.2", "+  - 192.0.2.3"],
            lines.Where(static l => l.Length > 0 && (l[0] is '-' or '+') && !l.StartsWith("---", StringComparison.Ordinal) && !l.StartsWith("+++", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Yaml_output_carries_no_diff()
    {
        var config = World.WriteConfig(SyncWorld.StaticService("api", ["192.0.2.1"]));

        var run = await World.SyncAsync(config, "--dry-run", "--output", "yaml");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.StartsWith("---\n", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("# create", run.Output + run.Error, StringComparison.Ordinal);
    }
}
