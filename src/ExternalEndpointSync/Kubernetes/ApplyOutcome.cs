namespace ExternalEndpointSync.Kubernetes;

/// <summary>What applying one service's plan did. A failure stops that service's remaining changes, never another service's.</summary>
public sealed record ApplyOutcome
{
    public int Created { get; init; }

    public int Updated { get; init; }

    public int Deleted { get; init; }

    /// <summary>Why the plan was not fully applied; null when every change was made.</summary>
    public string? Error { get; init; }

    /// <summary>The failure was an object with our name that we do not own; it was left untouched.</summary>
    public bool ForeignObject { get; init; }

    public int Writes => Created + Updated + Deleted;
}
