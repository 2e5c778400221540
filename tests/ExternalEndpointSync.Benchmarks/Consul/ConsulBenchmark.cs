using ExternalEndpointSync.TestSupport.Consul;

namespace ExternalEndpointSync.Benchmarks.Consul;

/// <summary>Runs <see cref="ConsulWatchBenchmark"/>: 500 watched services on the Consul double.</summary>
public sealed class ConsulBenchmark : IBenchmark
{
    public string Name => "consul";

    public string Description => "500 services watched with blocking queries: change-to-notification latency, idle requests/min";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await output.WriteLineAsync(await ConsulWatchBenchmark.RunAsync().WaitAsync(cancellationToken));
    }
}
