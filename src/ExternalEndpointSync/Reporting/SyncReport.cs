using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Reporting;

/// <summary>The outcome of one sync over every registration.</summary>
public sealed record SyncReport
{
    public IReadOnlyList<ServiceReport> Services { get; init; } = [];

    /// <summary>Every object owned once the sync is done (what <c>--output yaml</c> prints).</summary>
    public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Objects { get; init; } = [];

    public bool DryRun { get; init; }

    /// <summary>Set when the cluster could not be read and a dry-run planned against an empty one (<see cref="Planning.ClusterState.Note"/>).</summary>
    public string? ClusterNote { get; init; }

    public int Failed => Services.Count(static s => s.IsFailure);

    public int Created => Services.Sum(static s => s.Created);

    public int Updated => Services.Sum(static s => s.Updated);

    public int Deleted => Services.Sum(static s => s.Deleted);

    public int Unchanged => Services.Sum(static s => s.Unchanged);
}
