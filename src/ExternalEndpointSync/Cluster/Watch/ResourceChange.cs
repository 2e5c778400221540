namespace ExternalEndpointSync.Cluster.Watch;

public enum ResourceChangeType
{
    Added,
    Updated,
    Deleted,
}

/// <summary>Where a change was seen: in the first list, in a list after a watch expired, or in a watch.</summary>
public enum ResourceChangeOrigin
{
    FirstList,

    /// <summary>
    /// A list after 410 Gone, diffed against the store: it is newer than every write that returned
    /// before it, and may stand for several changes the watch never delivered.
    /// </summary>
    Relist,

    /// <summary>A watch event: every change of the object, in order.</summary>
    Watch,
}

/// <summary>
/// What a <see cref="ResourceInformer{T}"/> saw change in its store. <see cref="Object"/> is the
/// new state, or for a delete the last state known; <see cref="Previous"/> is the state before an update.
/// The objects are the store's own: read them, never change them.
/// </summary>
public sealed record ResourceChange<T>(ResourceChangeType Type, T Object, T? Previous, ResourceChangeOrigin Origin)
    where T : class;
