using ExternalEndpointSync.TestSupport.FakeKubernetes;

namespace ExternalEndpointSync.Benchmarks.Scale;

/// <summary>
/// The one-shot figures: <c>validate</c>, <c>sync --once --dry-run</c> against an empty cluster,
/// the first <c>sync --once</c> (everything created), a steady one (nothing to write) and one
/// with one address changed, each the real command line in its own process against the fake API
/// server in this one. Baselines are the figures issue 14 measured before the work on it.
/// </summary>
public sealed class OneShotScale(string directory, FakeKubernetesApiServer api)
{
    private readonly string kubeconfig = api.WriteKubeconfig(directory);

    public string ConfigPath { get; } = Path.Combine(directory, "scale.yaml");

    /// <summary>The steady cycle, kept for the side-by-side comparison.</summary>
    public CliMeasurement? Steady { get; private set; }

    public string SteadyRequests { get; private set; } = "";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var text = ScaleConfigFile.Render();
        await File.WriteAllTextAsync(ConfigPath, text, cancellationToken);
        await output.WriteLineAsync(Figure.Invariant($"one-shot: {ScaleConfigFile.Services} static services x {ScaleConfigFile.AddressesPerService} addresses ({ScaleConfigFile.Objects} objects), a {text.Length / 1e6:F1} MB file; the CLI in its own process, CPU and peak RSS from wait4 (/usr/bin/time); wall times are noisy on the shared 2 cores"));

        var validate = await RunCliAsync(output, "validate", ["validate", "--config", ConfigPath], cancellationToken);
        await Figure.WriteAsync(output, "validate: CPU user+sys", Figure.Seconds(validate.Usage.Cpu), "< 1 s", "3.8 s");
        await Figure.WriteAsync(output, "validate: peak RSS", Figure.MiB(validate.Usage.PeakRssMiB), "-", "116 MB");

        var dryRun = await RunSyncAsync(output, "dry-run, empty cluster", ["--dry-run"], cancellationToken);
        await Figure.WriteAsync(output, "dry-run: CPU user+sys", Figure.Seconds(dryRun.Usage.Cpu), "-", "7.6 s");
        await Figure.WriteAsync(output, "dry-run: peak RSS", Figure.MiB(dryRun.Usage.PeakRssMiB), "-", "186 MB");
        await Figure.WriteAsync(output, "dry-run: stderr", Figure.Invariant($"{dryRun.StderrBytes:N0} bytes"), "small, not one line per object", "one Information line per planned object");

        var first = await RunSyncAsync(output, "first sync --once", [], cancellationToken);
        await Figure.WriteAsync(output, "first sync: CPU user+sys", Figure.Seconds(first.Usage.Cpu), "< 6 s", "40.7 s");
        await Figure.WriteAsync(output, "first sync: peak RSS", Figure.MiB(first.Usage.PeakRssMiB), "-", "219 MB");
        await Figure.WriteAsync(output, "first sync: stderr", Figure.Invariant($"{first.StderrBytes:N0} bytes ({first.StderrBytes / (double)ScaleConfigFile.Objects:F1} per write)"), "<= one short line per write", "45 MB");

        Steady = await RunSyncAsync(output, "steady sync --once", [], cancellationToken);
        SteadyRequests = api.Requests.ToString();
        await Figure.WriteAsync(output, "steady sync: CPU user+sys", Figure.Seconds(Steady.Usage.Cpu), "< 2 s", "11.0 s");
        await Figure.WriteAsync(output, "steady sync: peak RSS", Figure.MiB(Steady.Usage.PeakRssMiB), "< 200 MB", "246 MB");

        await File.WriteAllTextAsync(ConfigPath, ScaleConfigFile.Render(changedService: ScaleConfigFile.Services / 2), cancellationToken);
        await RunSyncAsync(output, "one address changed, sync --once", [], cancellationToken);
        await File.WriteAllTextAsync(ConfigPath, text, cancellationToken);
    }

    private async Task<CliMeasurement> RunSyncAsync(TextWriter output, string label, string[] extra, CancellationToken cancellationToken) =>
        await RunCliAsync(output, label, ["sync", "--once", "--config", ConfigPath, "--kubeconfig", kubeconfig, .. extra], cancellationToken);

    private async Task<CliMeasurement> RunCliAsync(TextWriter output, string label, string[] args, CancellationToken cancellationToken)
    {
        api.Writes.Reset();
        api.Requests.Reset();
        var run = await CliMeasurement.RunAsync(directory, args, cancellationToken);
        await output.WriteLineAsync(Figure.Invariant($"{label}: exit {run.ExitCode}, {run.Usage.Wall.TotalSeconds:F1} s wall (noisy), CPU user {run.Usage.User.TotalSeconds:F2} s + sys {run.Usage.System.TotalSeconds:F2} s, peak RSS {run.Usage.PeakRssMiB:F0} MiB, stdout {run.StdoutBytes:N0} B, stderr {run.StderrBytes:N0} B"));
        await output.WriteLineAsync($"  API writes: {api.Writes}");
        await output.WriteLineAsync($"  API requests: {api.Requests}");
        if (run.ExitCode != 0)
        {
            await output.WriteLineAsync($"  stderr tail: {run.StderrTail}");
        }

        return run;
    }
}
