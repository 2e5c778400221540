using ExternalEndpointSync.TestSupport.Servers;

namespace ExternalEndpointSync.Benchmarks.Health;

/// <summary>Runs <see cref="TcpProbeBenchmark"/>: one round of TCP probes against loopback listeners.</summary>
public sealed class TcpProbesBenchmark : IBenchmark
{
    public string Name => "tcp-probes";

    public string Description => $"{TcpProbeBenchmark.Targets} TCP probes in one round: probes/s, CPU, allocations, memory";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await output.WriteLineAsync(await TcpProbeBenchmark.RunAsync().WaitAsync(cancellationToken));
    }
}
