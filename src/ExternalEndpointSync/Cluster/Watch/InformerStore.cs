using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Cluster.Watch;

/// <summary>
/// The objects an informer knows, by namespace and name. Every change returns what it changed, so
/// that the informer can tell its subscribers; a relist replaces everything and reports the
/// difference, which is how deletions missed while no watch was open come to light.
/// </summary>
internal sealed class InformerStore<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string? Namespace, string Name), T> objects = [];

    public int Count
    {
        get
        {
            lock (gate)
            {
                return objects.Count;
            }
        }
    }

    public IReadOnlyList<T> Snapshot()
    {
        lock (gate)
        {
            return [.. objects.Values];
        }
    }

    public T? Get(string? @namespace, string name)
    {
        lock (gate)
        {
            return objects.GetValueOrDefault((@namespace, name));
        }
    }

    /// <summary>Null when the stored object has this very resourceVersion already.</summary>
    public ResourceChange<T>? Upsert(T obj)
    {
        lock (gate)
        {
            return UpsertHeld(obj);
        }
    }

    /// <summary>Null when nothing of that name was stored.</summary>
    public ResourceChange<T>? Remove(T obj)
    {
        lock (gate)
        {
            return objects.Remove(Key(obj), out var previous)
                ? new ResourceChange<T>(ResourceChangeType.Deleted, obj, previous)
                : null;
        }
    }

    /// <summary>Makes the store what a list returned: deletions first, then additions and updates.</summary>
    public IReadOnlyList<ResourceChange<T>> Replace(IReadOnlyList<T> listed)
    {
        lock (gate)
        {
            var keep = listed.Select(Key).ToHashSet();
            var changes = new List<ResourceChange<T>>();
            foreach (var (key, gone) in objects.Where(o => !keep.Contains(o.Key)).ToList())
            {
                objects.Remove(key);
                changes.Add(new ResourceChange<T>(ResourceChangeType.Deleted, gone, gone));
            }

            foreach (var obj in listed)
            {
                if (UpsertHeld(obj) is { } change)
                {
                    changes.Add(change);
                }
            }

            return changes;
        }
    }

    private ResourceChange<T>? UpsertHeld(T obj)
    {
        var key = Key(obj);
        objects.TryGetValue(key, out var previous);
        if (previous is not null && previous.Metadata.ResourceVersion == obj.Metadata.ResourceVersion)
        {
            return null;
        }

        objects[key] = obj;
        return previous is null
            ? new ResourceChange<T>(ResourceChangeType.Added, obj, null)
            : new ResourceChange<T>(ResourceChangeType.Updated, obj, previous);
    }

    private static (string? Namespace, string Name) Key(T obj) => (obj.Metadata.NamespaceProperty, obj.Metadata.Name);
}
