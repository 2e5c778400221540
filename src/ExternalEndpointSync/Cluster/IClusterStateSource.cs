using ExternalEndpointSync.Planning;

namespace ExternalEndpointSync.Cluster;

/// <summary>Where the engine learns what it currently owns.</summary>
public interface IClusterStateSource
{
    Task<ClusterState> ReadAsync(string ownerId, CancellationToken cancellationToken);
}

/// <summary>The owned objects as the API server lists them.</summary>
public sealed class ApiClusterStateSource(ClusterStateReader reader) : IClusterStateSource
{
    public Task<ClusterState> ReadAsync(string ownerId, CancellationToken cancellationToken) => reader.ReadAsync(ownerId, cancellationToken);
}
