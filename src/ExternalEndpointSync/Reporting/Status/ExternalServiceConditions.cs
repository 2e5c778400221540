namespace ExternalEndpointSync.Reporting.Status;

/// <summary>The condition types and reasons an ExternalService's status uses (KEP-1623: CamelCase reasons).</summary>
public static class ExternalServiceConditions
{
    /// <summary>Everything the object asks for is published.</summary>
    public const string Ready = "Ready";

    /// <summary>The source answered.</summary>
    public const string Resolved = "Resolved";

    public const string Synced = "Synced";
    public const string InvalidSpec = "InvalidSpec";
    public const string SourceFailed = "SourceFailed";
    public const string SyncFailed = "SyncFailed";
    public const string Conflict = "Conflict";

    /// <summary>The admin's policy refused the object, or every address it would publish.</summary>
    public const string Refused = "Refused";
    public const string Answered = "Answered";
}
