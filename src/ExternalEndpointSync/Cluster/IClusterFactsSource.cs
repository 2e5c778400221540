namespace ExternalEndpointSync.Cluster;

/// <summary>Where the ExternalService policy learns the cluster's networks and namespace labels.</summary>
public interface IClusterFactsSource
{
    /// <summary>The facts as they are now (or as last read); throws when they were never read successfully.</summary>
    Task<ClusterFacts> ReadAsync(CancellationToken cancellationToken);
}
