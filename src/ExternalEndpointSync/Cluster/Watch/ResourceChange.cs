namespace ExternalEndpointSync.Cluster.Watch;

public enum ResourceChangeType
{
    Added,
    Updated,
    Deleted,
}

/// <summary>
/// What a <see cref="ResourceInformer{T}"/> saw change in its store. <see cref="Object"/> is the
/// new state, or for a delete the last state known; <see cref="Previous"/> is the state before an update.
/// The objects are the store's own: read them, never change them.
/// </summary>
public sealed record ResourceChange<T>(ResourceChangeType Type, T Object, T? Previous)
    where T : class;
