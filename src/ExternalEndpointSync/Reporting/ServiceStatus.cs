namespace ExternalEndpointSync.Reporting;

/// <summary>How one registration came out of a sync.</summary>
public enum ServiceStatus
{
    /// <summary>Everything was already as desired.</summary>
    Unchanged,

    /// <summary>Changes were written (or, in dry-run, would be).</summary>
    Synced,

    /// <summary>The registration is gone and its objects were deleted, or kept by the policy.</summary>
    Removed,

    /// <summary>An object with its name belongs to someone else; nothing of it was touched.</summary>
    Conflict,

    /// <summary>The source or a write failed; what existed was left as it was or partly updated.</summary>
    Failed,

    /// <summary>An ExternalService its policy does not admit: nothing is published for it, and what it published before is removed.</summary>
    Refused,
}
