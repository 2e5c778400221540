using ExternalEndpointSync.Planning;

namespace ExternalEndpointSync.Applier;

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

    /// <summary>
    /// Under dry-run, the changes that would have been made, as the writer would make them (a
    /// planned create of a name we already own becomes an update of that object); empty otherwise.
    /// </summary>
    public IReadOnlyList<ObjectChange> WouldApply { get; init; } = [];

    /// <summary>Families the written Service turned out not to have, whose planned slices were not created.</summary>
    public IReadOnlyList<UnservedFamily> Unserved { get; init; } = [];

    public int Writes => Created + Updated + Deleted;
}
