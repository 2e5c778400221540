using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Tests.EndToEnd;

namespace ExternalEndpointSync.Tests.Worker;

/// <summary><c>run</c> refuses bad input before it touches the cluster: exit 2, a message naming what is wrong, nothing written.</summary>
public sealed class RunCommandValidationTests : SyncWorldTest
{
    [Fact]
    public async Task An_invalid_configuration_is_refused_with_its_path_and_line_like_sync()
    {
        var config = World.WriteConfig("  - name: Not_A_Name\n    ports: [ { port: 80 } ]\n    source: { static: { addresses: [\"192.0.2.1\"] } }\n");

        var run = await CliRun.RunAsync("run", "--config", config, "--kubeconfig", World.Kubeconfig, "--lease-namespace", WorkerWorld.LeaseNamespace);

        Assert.True(run.ExitCode == ExitCodes.Invalid, run.ToString());
        Assert.Contains($"{config}:4", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, World.Api.Requests.Total);
    }

    [Theory]
    [InlineData("10s", "10s", "2s", "--lease-duration (10s) must be greater than --renew-deadline (10s)")]
    [InlineData("15s", "2400ms", "2s", "--renew-deadline (2s400ms) must be greater than 1.2 × --retry-period (2s)")]
    [InlineData("1500ms", "1s", "200ms", "--lease-duration must be a whole number of seconds, at least 1s (got 1s500ms)")]
    [InlineData("15s", "10s", "0s", "--retry-period must be greater than 0 (got 0s)")]
    public async Task Lease_timings_must_leave_room_for_renewals(string lease, string renew, string retry, string message)
    {
        var run = await CliRun.RunAsync(
            "run", "--config", WorkerWorld.WriteConfig(World), "--kubeconfig", World.Kubeconfig, "--lease-namespace", WorkerWorld.LeaseNamespace,
            "--lease-duration", lease, "--renew-deadline", renew, "--retry-period", retry);

        Assert.True(run.ExitCode == ExitCodes.Invalid, run.ToString());
        Assert.Equal($"error: {message}", run.Error.Trim());
        Assert.Equal(0, World.Api.Requests.Total);
    }

    [Fact]
    public async Task The_config_poll_interval_must_be_greater_than_0()
    {
        var run = await CliRun.RunAsync(
            "run", "--config", WorkerWorld.WriteConfig(World), "--kubeconfig", World.Kubeconfig, "--lease-namespace", WorkerWorld.LeaseNamespace,
            "--config-poll-interval", "0s");

        Assert.True(run.ExitCode == ExitCodes.Invalid, run.ToString());
        Assert.Equal("error: --config-poll-interval must be greater than 0 (got 0s)", run.Error.Trim());
    }

    [Fact]
    public async Task A_duration_without_a_unit_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("run", "--config", WorkerWorld.WriteConfig(World), "--kubeconfig", World.Kubeconfig, "--retry-period", "2");

        Assert.True(run.ExitCode == ExitCodes.Invalid, run.ToString());
        Assert.Contains("--retry-period: \"2\" is not a duration", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_a_cluster_without_a_lease_namespace_the_command_says_how_to_give_one()
    {
        var run = await CliRun.RunAsync("run", "--config", WorkerWorld.WriteConfig(World), "--kubeconfig", World.Kubeconfig);

        Assert.True(run.ExitCode == ExitCodes.Invalid, run.ToString());
        Assert.Contains("pass --lease-namespace, or set POD_NAMESPACE", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, World.Api.Requests.Total);
    }
}
