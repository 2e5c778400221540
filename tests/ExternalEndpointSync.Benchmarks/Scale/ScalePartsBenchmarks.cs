using ExternalEndpointSync.TestSupport.FakeKubernetes;

namespace ExternalEndpointSync.Benchmarks.Scale;

/// <summary>The probe part of <see cref="ScaleBenchmark"/> on its own.</summary>
public sealed class ScaleProbesBenchmark : IBenchmark
{
    public string Name => "scale-probes";

    public string Description => $"the health stage at {ProbeScale.Addresses:N0} addresses every {ProbeScale.Interval.TotalSeconds:F0} s: CPU, schedule jitter";

    public Task RunAsync(TextWriter output, CancellationToken cancellationToken) => ProbeScale.RunAsync(output, cancellationToken);
}

/// <summary>The <c>run</c> part of <see cref="ScaleBenchmark"/> on its own, after one <c>sync --once</c> that creates everything.</summary>
public sealed class ScaleRunBenchmark : IBenchmark
{
    public string Name => "scale-run";

    public string Description => $"run at {ScaleConfigFile.Services} services: full resync, one change, RSS after churn";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var directory = Directory.CreateTempSubdirectory("scale-run-").FullName;
        try
        {
            await using var api = await FakeKubernetesApiServer.StartAsync(cancellationToken);
            var config = Path.Combine(directory, "scale.yaml");
            await File.WriteAllTextAsync(config, ScaleConfigFile.Render(), cancellationToken);
            var first = await CliMeasurement.RunAsync(directory, ["sync", "--once", "--config", config, "--kubeconfig", api.WriteKubeconfig(directory)], cancellationToken);
            await output.WriteLineAsync(Figure.Invariant($"first sync --once: exit {first.ExitCode}, {api.Writes}"));
            await new RunScale(directory, api).RunAsync(output, config, cancellationToken);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

/// <summary>The naive <c>kubectl apply</c> job of <see cref="ScaleBenchmark"/> on its own.</summary>
public sealed class ScaleNaiveApplyBenchmark : IBenchmark
{
    public string Name => "scale-naive";

    public string Description => $"the real kubectl apply of {NaiveApplyScale.Services} rendered Services and EndpointSlices, first and steady: CPU, API calls";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("scale-naive-").FullName;
        try
        {
            await using var api = await FakeKubernetesApiServer.StartAsync(cancellationToken);
            await NaiveApplyScale.RunAsync(output, directory, api, cancellationToken);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

/// <summary>The Consul part of <see cref="ScaleBenchmark"/> on its own.</summary>
public sealed class ScaleConsulBenchmark : IBenchmark
{
    public string Name => "scale-consul";

    public string Description => $"run watching {ConsulScale.Services} Consul services: change-to-slice-update latency, requests per change, idle requests";

    public Task RunAsync(TextWriter output, CancellationToken cancellationToken) => ConsulScale.RunAsync(output, cancellationToken);
}

/// <summary>The one-shot part of <see cref="ScaleBenchmark"/> on its own: validate, dry-run, first, steady and one-change <c>sync --once</c>.</summary>
public sealed class ScaleOneShotBenchmark : IBenchmark
{
    public string Name => "scale-oneshot";

    public string Description => $"validate and sync --once at {ScaleConfigFile.Services} services: CPU, peak RSS, API calls per command";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var directory = Directory.CreateTempSubdirectory("scale-oneshot-").FullName;
        try
        {
            await using var api = await FakeKubernetesApiServer.StartAsync(cancellationToken);
            await new OneShotScale(directory, api).RunAsync(output, cancellationToken);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
