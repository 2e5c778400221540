namespace ExternalEndpointSync.Health;

/// <summary>
/// SRV priority (RFC 2782): clients use the targets with the lowest priority value, and a
/// higher value only when every target of the better groups is unusable. Pure.
/// <para>
/// Sources hand on every priority group that resolved; the health stage decides which one is
/// published, because only it knows which addresses are down. "Usable" must be an address's own
/// readiness, never the panic rule's: a fully-down best group published ready by panic would
/// never fail over. Panic therefore applies after the choice, to the group chosen when no group
/// at all has a usable address.
/// </para>
/// </summary>
public static class PriorityGroupSelection
{
    /// <summary>
    /// The items of the lowest priority group with at least one usable item; when no group has
    /// one, the lowest group. Items without a priority form one group, ahead of every numbered
    /// one (no source mixes the two), so a source without priorities publishes everything.
    /// Items keep their order.
    /// </summary>
    public static PriorityGroupChoice<T> Select<T>(IReadOnlyList<T> items, Func<T, int?> priorityOf, Func<T, bool> isUsable)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(priorityOf);
        ArgumentNullException.ThrowIfNull(isUsable);
        var groups = items
            .GroupBy(priorityOf)
            .OrderBy(static group => group.Key)
            .ToList();
        if (groups.Count <= 1)
        {
            return new PriorityGroupChoice<T>(items, groups.Count == 1 ? groups[0].Key : null, []);
        }

        var chosen = groups.FindIndex(group => group.Any(isUsable));
        if (chosen < 0)
        {
            return new PriorityGroupChoice<T>(groups[0].ToList(), groups[0].Key, []);
        }

        var passedOver = groups.Take(chosen).Select(static group => group.Key).OfType<int>().ToList();
        return new PriorityGroupChoice<T>(groups[chosen].ToList(), groups[chosen].Key, passedOver);
    }
}

/// <summary>
/// The published group: its items, its priority (null for items without one), and the better
/// priorities passed over because none of their items was usable (a failover when not empty).
/// </summary>
public sealed record PriorityGroupChoice<T>(IReadOnlyList<T> Published, int? Priority, IReadOnlyList<int> PassedOver);
