namespace ExternalEndpointSync.Applier;

/// <summary>Whether a sync writes what it plans, or only reports it (<c>--dry-run</c>).</summary>
public enum ApplyMode
{
    Write,
    DryRun,
}
