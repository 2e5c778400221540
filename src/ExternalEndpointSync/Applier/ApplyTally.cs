using ExternalEndpointSync.Planning;

namespace ExternalEndpointSync.Applier;

/// <summary>Counts one plan's changes as they are made, so that a failure still reports what was done before it.</summary>
internal sealed class ApplyTally
{
    private int created;
    private int updated;
    private int deleted;

    /// <summary>Under dry-run, the changes as the writer would make them.</summary>
    public List<ObjectChange> WouldApply { get; } = [];

    /// <summary>Slices left out because the Service just written does not serve their family.</summary>
    public List<UnservedFamily> Unserved { get; } = [];

    public void Count(ChangeAction action)
    {
        switch (action)
        {
            case ChangeAction.Create:
                created++;
                break;
            case ChangeAction.Update:
                updated++;
                break;
            default:
                deleted++;
                break;
        }
    }

    public ApplyOutcome Outcome(string? error = null, bool foreignObject = false) => new()
    {
        Created = created,
        Updated = updated,
        Deleted = deleted,
        Error = error,
        ForeignObject = foreignObject,
        WouldApply = WouldApply,
        Unserved = Unserved,
    };
}
