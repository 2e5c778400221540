using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Planning;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Cluster;

/// <summary>
/// What a dry-run plans against: the cluster when it answers in time, otherwise an empty one
/// whose <see cref="ClusterState.Note"/> says so. Without a cluster to talk to
/// (<paramref name="reader"/> null) it is always the empty one. A cluster that answers with an
/// error (401, 403, 500) is not empty: that failure is the caller's, as in a real sync.
/// </summary>
public sealed partial class DryRunClusterStateSource(ClusterStateReader? reader, string? noClusterReason, ILogger<DryRunClusterStateSource> logger)
    : IClusterStateSource
{
    /// <summary>How long a dry-run waits for the cluster; it must not hang on one that is not there.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>True when the last read came from the cluster, so asking it about single objects makes sense.</summary>
    public bool Reached { get; private set; }

    public async Task<ClusterState> ReadAsync(string ownerId, CancellationToken cancellationToken)
    {
        if (reader is null)
        {
            return Empty(noClusterReason ?? "no cluster configured");
        }

        try
        {
            var state = await reader.ReadAsync(ownerId, cancellationToken);
            Reached = true;
            return state;
        }
        catch (Exception e) when (KubernetesErrors.IsUnreachable(e, cancellationToken))
        {
            return Empty(KubernetesErrors.Describe(e));
        }
    }

    private ClusterState Empty(string reason)
    {
        Reached = false;
        var note = $"no reachable cluster ({reason}): planning against an empty cluster";
        Log.NoCluster(logger, note);
        return ClusterState.Empty with { Note = note };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 230, Level = LogLevel.Warning, Message = "{Note}")]
        public static partial void NoCluster(ILogger logger, string note);
    }
}
