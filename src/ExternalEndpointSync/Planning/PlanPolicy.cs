using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Planning;

/// <summary>
/// Which planned changes a <see cref="SyncPolicy"/> lets through, applied after the diff as
/// ExternalDNS' <c>plan/policy.go</c> does: the diff stays the same, the policy only filters.
/// </summary>
internal static class PlanPolicy
{
    public static bool Allows(SyncPolicy policy, ChangeAction action) => policy switch
    {
        SyncPolicy.Sync => true,
        SyncPolicy.UpsertOnly => action != ChangeAction.Delete,
        SyncPolicy.CreateOnly => action == ChangeAction.Create,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown sync policy."),
    };

    public static IReadOnlyList<ObjectChange> Apply(SyncPolicy policy, IEnumerable<ObjectChange> changes) =>
        [.. changes.Where(change => Allows(policy, change.Action))];
}
