using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Cluster.Watch;

/// <summary>
/// The objects an informer knows, by namespace and name. Every change returns what it changed, so
/// that the informer can tell its subscribers; a relist replaces everything and reports the
/// difference, which is how deletions missed while no watch was open come to light. The objects
/// are indexed by the Service they belong to as well (<see cref="ClusterState.ServiceOf"/>), so
/// that re-planning one Service reads its objects without copying all of them.
/// </summary>
internal sealed class InformerStore<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string? Namespace, string Name), T> objects = [];
    private readonly Dictionary<ServiceKey, Dictionary<(string? Namespace, string Name), T>> byService = [];

    public IReadOnlyList<T> Snapshot()
    {
        lock (gate)
        {
            return [.. objects.Values];
        }
    }

    /// <summary>The objects that belong to the given Services.</summary>
    public IReadOnlyList<T> SnapshotOf(IEnumerable<ServiceKey> services)
    {
        lock (gate)
        {
            return [.. services.SelectMany(service => byService.TryGetValue(service, out var owned) ? owned.Values : Enumerable.Empty<T>())];
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
    public ResourceChange<T>? Upsert(T obj, ResourceChangeOrigin origin)
    {
        lock (gate)
        {
            return UpsertHeld(obj, origin);
        }
    }

    /// <summary>Null when nothing of that name was stored.</summary>
    public ResourceChange<T>? Remove(T obj, ResourceChangeOrigin origin)
    {
        lock (gate)
        {
            if (!objects.Remove(Key(obj), out var previous))
            {
                return null;
            }

            Unindex(previous);
            return new ResourceChange<T>(ResourceChangeType.Deleted, obj, previous, origin);
        }
    }

    /// <summary>Makes the store what a list returned: deletions first, then additions and updates.</summary>
    public IReadOnlyList<ResourceChange<T>> Replace(IReadOnlyList<T> listed, ResourceChangeOrigin origin)
    {
        lock (gate)
        {
            var keep = listed.Select(Key).ToHashSet();
            var changes = new List<ResourceChange<T>>();
            foreach (var (key, gone) in objects.Where(o => !keep.Contains(o.Key)).ToList())
            {
                objects.Remove(key);
                Unindex(gone);
                changes.Add(new ResourceChange<T>(ResourceChangeType.Deleted, gone, gone, origin));
            }

            foreach (var obj in listed)
            {
                if (UpsertHeld(obj, origin) is { } change)
                {
                    changes.Add(change);
                }
            }

            return changes;
        }
    }

    private ResourceChange<T>? UpsertHeld(T obj, ResourceChangeOrigin origin)
    {
        var key = Key(obj);
        objects.TryGetValue(key, out var previous);
        if (previous is not null && previous.Metadata.ResourceVersion == obj.Metadata.ResourceVersion)
        {
            return null;
        }

        if (previous is not null)
        {
            Unindex(previous);
        }

        objects[key] = obj;
        Index(obj);
        return previous is null
            ? new ResourceChange<T>(ResourceChangeType.Added, obj, null, origin)
            : new ResourceChange<T>(ResourceChangeType.Updated, obj, previous, origin);
    }

    private void Index(T obj)
    {
        if (ClusterState.ServiceOf(obj) is not { } service)
        {
            return;
        }

        if (!byService.TryGetValue(service, out var owned))
        {
            byService[service] = owned = [];
        }

        owned[Key(obj)] = obj;
    }

    private void Unindex(T obj)
    {
        if (ClusterState.ServiceOf(obj) is { } service && byService.TryGetValue(service, out var owned) && owned.Remove(Key(obj)) && owned.Count == 0)
        {
            byService.Remove(service);
        }
    }

    private static (string? Namespace, string Name) Key(T obj) => (obj.Metadata.NamespaceProperty, obj.Metadata.Name);
}
