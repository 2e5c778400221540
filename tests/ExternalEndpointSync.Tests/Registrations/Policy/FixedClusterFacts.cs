using ExternalEndpointSync.Cluster;

namespace ExternalEndpointSync.Tests.Registrations.Policy;

/// <summary>Cluster facts given by a test, counting the reads; <see cref="Failure"/> makes every read fail.</summary>
internal sealed class FixedClusterFacts(ClusterFacts facts) : IClusterFactsSource
{
    public int Reads { get; private set; }

    public Exception? Failure { get; set; }

    public Task<ClusterFacts> ReadAsync(CancellationToken cancellationToken)
    {
        Reads++;
        return Failure is { } failure ? Task.FromException<ClusterFacts>(failure) : Task.FromResult(facts);
    }
}
