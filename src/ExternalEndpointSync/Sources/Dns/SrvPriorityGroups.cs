namespace ExternalEndpointSync.Sources.Dns;

/// <summary>
/// SRV priority (RFC 2782): clients use the targets with the lowest priority value, and a
/// higher value only when every target of the better group is unusable.
/// </summary>
public static class SrvPriorityGroups
{
    /// <summary>
    /// The targets of the best priority group in which at least one target is usable, or none.
    /// The DNS source calls it with "resolved to at least one address". This is the hook for
    /// health checking: called with "has at least one healthy address" it fails over to the next
    /// group when a whole group is down, which requires the source to hand every group onwards.
    /// </summary>
    public static IReadOnlyList<SrvTarget> SelectPublished(IEnumerable<SrvTarget> targets, Func<SrvTarget, bool> isUsable)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(isUsable);
        return targets
            .GroupBy(static target => target.Priority)
            .OrderBy(static group => group.Key)
            .Select(static group => group.ToList())
            .FirstOrDefault(group => group.Exists(target => isUsable(target)))
            ?? [];
    }
}
