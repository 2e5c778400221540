namespace ExternalEndpointSync.Model;

/// <summary>Which kinds of change are allowed, applied after the diff (as in ExternalDNS).</summary>
public enum SyncPolicy
{
    /// <summary>Create, update and delete what is owned and no longer wanted.</summary>
    Sync,

    /// <summary>Create and update; never delete.</summary>
    UpsertOnly,

    /// <summary>Create only.</summary>
    CreateOnly,
}
