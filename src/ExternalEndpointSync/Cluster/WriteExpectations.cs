using ExternalEndpointSync.Cluster.Watch;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Cluster;

/// <summary>
/// Our own writes that the watch cache has not seen yet, as Kubernetes' EndpointSlice controller
/// keeps them in its endpointSliceTracker: a write returns before its watch event arrives, so a
/// re-plan reading the cache alone would create a slice again or redo an update. Reads lay what
/// we wrote over the cache (<see cref="Overlay{T}"/>); a watch event carrying the very
/// resourceVersion we wrote (for a delete: the deletion of that uid) is our write's echo and
/// clears it. Any other watch event of that object is older than our write (a watch delivers
/// every change in order), so the expectation stays. A relist clears it unless it shows the object
/// as it was before our write: a relist after a 410 may have been served just before our write
/// landed, and its answer comes after the write returned; the watch that follows it from the list's
/// resourceVersion then brings our echo. Such a list shows a resourceVersion older than ours
/// (<see cref="ResourceVersionOrder"/>), or, for our delete, the very object we deleted. A write
/// whose event went by before it was recorded is not recorded, and our recent writes are
/// remembered so that such an early echo can still be told from drift.
/// </summary>
internal sealed class WriteExpectations
{
    /// <summary>How many resourceVersions of each object are remembered as seen, to tell an echo that came early.</summary>
    private const int SeenPerObject = 4;

    /// <summary>How many of our own writes are remembered, to tell their echoes among events held back while writes were in flight.</summary>
    private const int OursRemembered = 1024;

    private readonly Lock gate = new();
    private readonly Dictionary<ObjectKey, Expected> pending = [];
    private readonly Dictionary<ObjectKey, Queue<string>> seen = [];
    private readonly HashSet<(ObjectKey Key, string Version)> ours = [];
    private readonly Queue<(ObjectKey Key, string Version)> oursInOrder = new();
    private readonly HashSet<(ObjectKey Key, string? Uid)> gone = [];
    private readonly Queue<(ObjectKey Key, string? Uid)> goneInOrder = new();

    public int Count
    {
        get
        {
            lock (gate)
            {
                return pending.Count;
            }
        }
    }

    public void Wrote(IKubernetesObject<V1ObjectMeta> written)
    {
        var key = ObjectKey.Of(written);
        lock (gate)
        {
            if (written.Metadata.ResourceVersion is not { Length: > 0 } version)
            {
                return;
            }

            RememberOurs(key, version);
            if (seen.TryGetValue(key, out var versions) && versions.Contains(version))
            {
                return;
            }

            pending[key] = new Expected(written, written.Metadata.Uid);
        }
    }

    public void Deleted(IKubernetesObject<V1ObjectMeta> deleted)
    {
        var key = ObjectKey.Of(deleted);
        lock (gate)
        {
            RememberOurs(key, $"deleted:{deleted.Metadata.Uid}");
            if (!gone.Contains((key, deleted.Metadata.Uid)))
            {
                pending[key] = new Expected(null, deleted.Metadata.Uid);
            }
        }
    }

    /// <summary>Whether a change the cache took in earlier was the echo of a write we have made since it arrived.</summary>
    public bool WasOurs<T>(ResourceChange<T> change)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(change);
        var mark = change.Type == ResourceChangeType.Deleted ? $"deleted:{change.Object.Metadata.Uid}" : change.Object.Metadata.ResourceVersion ?? string.Empty;
        lock (gate)
        {
            return ours.Contains((ObjectKey.Of(change.Object), mark));
        }
    }

    /// <summary>Takes in a change of the cache; true when it is the echo of our own write.</summary>
    public bool Observe<T>(ResourceChange<T> change)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(change);
        var key = ObjectKey.Of(change.Object);
        lock (gate)
        {
            Remember(key, change);
            if (!pending.TryGetValue(key, out var expected))
            {
                return false;
            }

            var echo = expected.Written is { } written
                ? change.Type != ResourceChangeType.Deleted && change.Object.Metadata.ResourceVersion == written.Metadata.ResourceVersion
                : change.Type == ResourceChangeType.Deleted && (expected.Uid is null || expected.Uid == change.Object.Metadata.Uid);
            if (echo || (change.Origin == ResourceChangeOrigin.Relist && !ListedBeforeWrite(expected, change)))
            {
                pending.Remove(key);
            }

            return echo;
        }
    }

    /// <summary>Whether a relist shows the object as it was before our write (it was served while the write was landing).</summary>
    private static bool ListedBeforeWrite<T>(Expected expected, ResourceChange<T> change)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (change.Type == ResourceChangeType.Deleted)
        {
            return false;
        }

        return expected.Written is { } written
            ? ResourceVersionOrder.Compare(change.Object.Metadata.ResourceVersion, written.Metadata.ResourceVersion) < 0
            : change.Object.Metadata.Uid is { } uid && uid == expected.Uid;
    }

    /// <summary>The cached objects of one kind with our writes the cache has not seen laid over them.</summary>
    public IReadOnlyList<T> Overlay<T>(IReadOnlyList<T> cached)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(cached);
        List<(ObjectKey Key, Expected Expected)> mine;
        lock (gate)
        {
            mine = [.. pending.Where(static p => p.Key.Type == typeof(T)).Select(static p => (p.Key, p.Value))];
        }

        if (mine.Count == 0)
        {
            return cached;
        }

        var byKey = cached.ToDictionary(ObjectKey.Of);
        foreach (var (key, expected) in mine)
        {
            if (expected.Written is T written)
            {
                byKey[key] = written;
            }
            else if (byKey.TryGetValue(key, out var present) && (expected.Uid is null || present.Metadata.Uid == expected.Uid))
            {
                byKey.Remove(key);
            }
        }

        return [.. byKey.Values];
    }

    private void Remember<T>(ObjectKey key, ResourceChange<T> change)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (change.Type == ResourceChangeType.Deleted)
        {
            seen.Remove(key);
            if (gone.Add((key, change.Object.Metadata.Uid)))
            {
                goneInOrder.Enqueue((key, change.Object.Metadata.Uid));
            }

            while (goneInOrder.Count > OursRemembered)
            {
                gone.Remove(goneInOrder.Dequeue());
            }

            return;
        }

        if (change.Object.Metadata.ResourceVersion is not { Length: > 0 } version)
        {
            return;
        }

        if (!seen.TryGetValue(key, out var versions))
        {
            seen[key] = versions = new Queue<string>(SeenPerObject);
        }

        if (versions.Count == SeenPerObject)
        {
            versions.Dequeue();
        }

        versions.Enqueue(version);
    }

    private void RememberOurs(ObjectKey key, string mark)
    {
        if (ours.Add((key, mark)))
        {
            oursInOrder.Enqueue((key, mark));
        }

        while (oursInOrder.Count > OursRemembered)
        {
            ours.Remove(oursInOrder.Dequeue());
        }
    }

    /// <summary>What we wrote, or null for a delete, and the uid it had.</summary>
    private sealed record Expected(IKubernetesObject<V1ObjectMeta>? Written, string? Uid);

    private readonly record struct ObjectKey(Type Type, string? Namespace, string Name)
    {
        public static ObjectKey Of(IKubernetesObject<V1ObjectMeta> obj) => new(obj.GetType(), obj.Metadata.NamespaceProperty, obj.Metadata.Name);
    }
}
