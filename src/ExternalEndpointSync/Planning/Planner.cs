using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Planning;

/// <summary>
/// The pure planner: from the registrations and what this owner already has in the cluster to the
/// writes that make the cluster match. No I/O, deterministic, and planning again after the plan
/// was applied yields no change.
/// <para>Decision table, per registration (after ExternalDNS' <c>plan/plan.go</c>):</para>
/// <code>
/// desired    endpoints   current Service         → plan
/// yes        null        any                     → Held: nothing planned, objects kept as they are
/// yes        known       none                    → create Service, slices, Endpoints
/// yes        known       same type               → update what differs, nothing else
/// yes        known       other type              → delete + create Service (sync policy only;
///                                                  other policies plan nothing for it)
/// no         -           owned objects exist     → Removed: delete slices, Endpoints, Service
/// </code>
/// <para>
/// Only objects carrying both ownership labels of <see cref="PlanOptions.OwnerId"/> are ever
/// changed; others in <see cref="ClusterState"/> are ignored. The policy filters the changes
/// after the diff: upsert-only drops deletes (a removed registration keeps its objects),
/// create-only keeps creates only.
/// </para>
/// </summary>
public static class Planner
{
    /// <param name="desired">
    /// One entry per Service key. Which of two registrations of one Service wins is a policy the
    /// caller decides and reports (<see cref="Sync.DuplicateRegistrations"/> does, before every plan);
    /// a pure diff cannot choose, so it refuses rather than silently planning one of them.
    /// </param>
    /// <exception cref="ArgumentException">A Service key occurs twice in <paramref name="desired"/>: a bug in the caller, never user input.</exception>
    public static Plan Plan(IReadOnlyList<DesiredService> desired, ClusterState current, PlanOptions options)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(options);

        var duplicate = desired.GroupBy(service => service.Key).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Registration {duplicate.Key} is declared more than once.", nameof(desired));
        }

        var owned = OwnedObjects.Index(current, options.OwnerId);
        var wanted = desired.Select(service => service.Key).ToHashSet();
        var plans = desired
            .Select(service => ServicePlanner.Plan(service, owned.GetValueOrDefault(service.Key, OwnedObjects.None), options))
            .Concat(owned.Where(pair => !wanted.Contains(pair.Key)).Select(pair => ServicePlanner.Removed(pair.Key, pair.Value, options)))
            .OrderBy(plan => plan.Key, ServiceKey.Ordinal)
            .ToList();
        return new Plan(plans);
    }
}
