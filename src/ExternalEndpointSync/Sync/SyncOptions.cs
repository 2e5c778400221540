using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sync;

/// <summary>Who syncs, under which policy, and how many registrations are resolved at once.</summary>
public sealed record SyncOptions
{
    public string OwnerId { get; init; } = SyncConfig.DefaultOwnerId;

    public SyncPolicy Policy { get; init; } = SyncPolicy.Sync;

    public int MaxConcurrentResolutions { get; init; } = 16;

    public int MaxConcurrentWrites { get; init; } = 4;

    /// <summary>The sync was started under <c>--dry-run</c> (the applier was registered with <c>ApplyMode.DryRun</c>).</summary>
    public bool DryRun { get; init; }
}
