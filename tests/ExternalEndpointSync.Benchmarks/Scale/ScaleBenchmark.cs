using ExternalEndpointSync.TestSupport.FakeKubernetes;

namespace ExternalEndpointSync.Benchmarks.Scale;

/// <summary>
/// Issue 14's figures in one run: 10,000 services and 100,000 addresses on one replica, each
/// figure printed beside its target and the baseline a user would otherwise have.
/// </summary>
public sealed class ScaleBenchmark : IBenchmark
{
    public string Name => "scale";

    public string Description => $"{ScaleConfigFile.Services} services x {ScaleConfigFile.AddressesPerService} addresses: CLI CPU/RSS/API calls per command, vs targets and baselines";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var directory = Directory.CreateTempSubdirectory("scale-bench-").FullName;
        try
        {
            await using var api = await FakeKubernetesApiServer.StartAsync(cancellationToken);
            var oneShot = new OneShotScale(directory, api);
            await oneShot.RunAsync(output, cancellationToken);
            var (naive, naiveRequests) = await NaiveApplyScale.RunAsync(output, directory, api, cancellationToken);
            var run = new RunScale(directory, api);
            await run.RunAsync(output, oneShot.ConfigPath, cancellationToken);
            await WriteSideBySideAsync(output, naive, naiveRequests, oneShot, run);
            await ProbeScale.RunAsync(output, cancellationToken);
            await ConsulScale.RunAsync(output, cancellationToken);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task WriteSideBySideAsync(TextWriter output, CliMeasurement naive, string naiveRequests, OneShotScale oneShot, RunScale run)
    {
        var scale = ScaleConfigFile.Services / (double)NaiveApplyScale.Services;
        await output.WriteLineAsync(Figure.Invariant($"per steady cycle at {ScaleConfigFile.Services} services, side by side:"));
        await output.WriteLineAsync(Figure.Invariant($"  kubectl apply of rendered YAML: {naive.Usage.Cpu.TotalSeconds * scale:F1} s CPU, API ({naiveRequests}) x {scale:F0}  <- EXTRAPOLATED linearly from {NaiveApplyScale.Services} services measured"));
        if (oneShot.Steady is { } steady)
        {
            await output.WriteLineAsync(Figure.Invariant($"  sync --once:                    {steady.Usage.Cpu.TotalSeconds:F1} s CPU, API ({oneShot.SteadyRequests}), measured"));
        }

        await output.WriteLineAsync(Figure.Invariant($"  run, one full resync:           {run.Resync.Cpu.TotalSeconds:F1} s CPU, API ({run.Resync.Requests}), measured"));
    }
}
