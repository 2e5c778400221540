using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;

namespace ExternalEndpointSync.Cluster;

/// <summary>Where the engine learns what it currently owns.</summary>
public interface IClusterStateSource
{
    Task<ClusterState> ReadAsync(string ownerId, CancellationToken cancellationToken);

    /// <summary>Only what belongs to the given Services; a source that can do better than reading everything says so.</summary>
    async Task<ClusterState> ReadAsync(string ownerId, IReadOnlySet<ServiceKey> services, CancellationToken cancellationToken) =>
        (await ReadAsync(ownerId, cancellationToken)).Scope(services);
}

/// <summary>The owned objects as the API server lists them.</summary>
public sealed class ApiClusterStateSource(ClusterStateReader reader) : IClusterStateSource
{
    public Task<ClusterState> ReadAsync(string ownerId, CancellationToken cancellationToken) => reader.ReadAsync(ownerId, cancellationToken);
}
