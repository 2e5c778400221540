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
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
