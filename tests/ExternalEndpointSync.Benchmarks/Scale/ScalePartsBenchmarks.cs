namespace ExternalEndpointSync.Benchmarks.Scale;

/// <summary>The probe part of <see cref="ScaleBenchmark"/> on its own.</summary>
public sealed class ScaleProbesBenchmark : IBenchmark
{
    public string Name => "scale-probes";

    public string Description => $"the health stage at {ProbeScale.Addresses:N0} addresses every {ProbeScale.Interval.TotalSeconds:F0} s: CPU, schedule jitter";

    public Task RunAsync(TextWriter output, CancellationToken cancellationToken) => ProbeScale.RunAsync(output, cancellationToken);
}
