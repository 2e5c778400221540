using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using ExternalEndpointSync.TestSupport.FakeKubernetes.Fields;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// The fake's storage: JSON objects per resource (unknown fields survive), one global
/// resourceVersion counter, and the event history watches replay from. The public members seed
/// and read objects directly, bypassing the write counter and fault injection.
/// </summary>
public sealed class FakeObjectStore
{
    private const int EventHistoryCapacity = 1000;
    private readonly Dictionary<ResourceDefinition, SortedDictionary<ObjectKey, JsonObject>> objects = [];
    private readonly Dictionary<string, (ResourceDefinition Definition, ObjectKey Key)> byUid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> referencesTo = new(StringComparer.Ordinal);
    private readonly HashSet<(ResourceDefinition Definition, ObjectKey Key)> referencing = [];
    private long resourceVersion;

    internal FakeObjectStore(ResourceRegistry registry, TimeProvider time)
    {
        Registry = registry;
        Time = time;
        Watches = new WatchHub(EventHistoryCapacity);
        foreach (var definition in registry.All.Where(d => d.StoredAs is null))
        {
            objects[definition] = [];
        }

        Operations = new ResourceOperations(this);
        foreach (var name in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            Operations.Create(registry.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } }, dryRun: false);
        }
    }

    internal object Gate { get; } = new();

    internal ResourceRegistry Registry { get; }

    internal TimeProvider Time { get; }

    internal WatchHub Watches { get; }

    /// <summary>Holds watch streams back while the store goes on (<see cref="WatchDelivery.Hold"/>).</summary>
    public WatchDelivery WatchDelivery { get; } = new();

    internal ResourceOperations Operations { get; }

    internal long CurrentResourceVersion => resourceVersion;

    /// <summary>The garbage collector watching this store; null only while the store is being built.</summary>
    internal GarbageCollector? Collector { get; set; }

    /// <summary>The stored object with this uid, if any.</summary>
    internal (ResourceDefinition Definition, JsonObject Object)? FindByUid(string uid) =>
        byUid.TryGetValue(uid, out var entry) && objects[entry.Definition].GetValueOrDefault(entry.Key) is { } found ? (entry.Definition, found) : null;

    /// <summary>Objects that carry ownerReferences, the garbage collector's candidates.</summary>
    internal IReadOnlyList<(ResourceDefinition Definition, JsonObject Object)> Dependents() =>
        [.. referencing.Select(r => (r.Definition, objects[r.Definition][r.Key]))];

    /// <summary>Objects being deleted, the ones whose orphan or foregroundDeletion finalizers the collector may lift.</summary>
    internal IReadOnlyList<(ResourceDefinition Definition, JsonObject Object)> BeingDeleted() =>
        [.. objects.SelectMany(d => d.Value.Values.Where(o => o.Metadata()["deletionTimestamp"] is not null).Select(o => (d.Key, o)))];

    internal bool IsReferenced(string uid) => referencesTo.GetValueOrDefault(uid) > 0;

    /// <summary>Stores <paramref name="obj"/> as if created through the API (defaults, validation, uid,
    /// resourceVersion), without counting a write or consulting faults. Creates its namespace if missing.</summary>
    public T Seed<T>(T obj)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(obj);
        var definition = DefinitionFor<T>();
        var json = (JsonObject)JsonNode.Parse(KubernetesJson.Serialize(obj))!;
        if (definition.Strategy is CustomResourceStrategy)
        {
            // A typed model may carry fields the CRD's schema lacks; decoding would prune them.
            UnknownFields.Drop(definition, json);
        }

        lock (Gate)
        {
            try
            {
                var ns = definition.Namespaced ? (json.Namespace() is { Length: > 0 } given ? given : "default") : null;
                if (ns is not null && Find(Registry.Namespaces, null, ns) is null)
                {
                    Operations.Create(Registry.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } }, dryRun: false);
                }

                var created = Operations.Create(definition, ns, json, dryRun: false);
                Collector?.AfterWrite();
                return KubernetesJson.Deserialize<T>(created.Object.ToJsonString());
            }
            catch (ApiStatusException e)
            {
                throw new InvalidOperationException($"Seeding {definition.Kind} failed: {e.Message}", e);
            }
        }
    }

    public T? Get<T>(string? ns, string name)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var definition = DefinitionFor<T>();
        lock (Gate)
        {
            var found = Find(definition, definition.Namespaced ? ns : null, name);
            return found is null ? default : KubernetesJson.Deserialize<T>(found.ToJsonString());
        }
    }

    public IReadOnlyList<T> List<T>(string? ns = null)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var definition = DefinitionFor<T>();
        lock (Gate)
        {
            return Snapshot(definition, ns)
                .Select(o => KubernetesJson.Deserialize<T>(o.ToJsonString()))
                .ToList();
        }
    }

    /// <summary>Deletes an object as another client would (finalizers, cascades and garbage collection
    /// apply), without counting a write or consulting faults; false when it does not exist.</summary>
    public bool Delete<T>(string? ns, string name)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var definition = DefinitionFor<T>();
        lock (Gate)
        {
            var scoped = definition.Namespaced ? ns : null;
            if (Find(definition, scoped, name) is null)
            {
                return false;
            }

            Operations.Delete(definition, scoped, name, options: null, dryRun: false);
            Collector?.AfterWrite();
            return true;
        }
    }

    /// <summary>Forgets the event history, like an etcd compaction: older watch resourceVersions and
    /// continue tokens now answer 410 Expired.</summary>
    public void Compact()
    {
        lock (Gate)
        {
            Watches.Compact(resourceVersion);
        }
    }

    internal void AddResource(ResourceDefinition definition)
    {
        lock (Gate)
        {
            Registry.Add(definition);
            objects[definition] = [];
        }
    }

    /// <summary>Stops serving a resource: its objects are deleted (watchers see DELETED) and it leaves discovery.</summary>
    internal void RemoveResource(ResourceDefinition definition)
    {
        lock (Gate)
        {
            foreach (var obj in objects[definition].Values.ToList())
            {
                Remove(definition, obj);
            }

            Registry.Remove(definition);
            objects.Remove(definition);
        }
    }

    internal ResourceDefinition DefinitionFor<T>()
    {
        var entity = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{typeof(T).Name} has no KubernetesEntity attribute.");
        return Registry.Find(entity.Group ?? string.Empty, entity.ApiVersion, entity.PluralName)
            ?? throw new ArgumentException($"The fake API server does not serve {entity.Kind}.");
    }

    internal JsonObject? Find(ResourceDefinition definition, string? ns, string name) =>
        objects[definition.StorageDefinition].GetValueOrDefault(new ObjectKey(ns ?? string.Empty, name)) is { } stored ? definition.FromStorage(stored) : null;

    internal bool NamespaceExists(string ns) => Find(Registry.Namespaces, null, ns) is not null;

    internal bool NamespaceTerminating(string ns) => Find(Registry.Namespaces, null, ns)?.Metadata()["deletionTimestamp"] is not null;

    /// <summary>Current objects ordered by namespace then name; <paramref name="ns"/> null means all.</summary>
    internal IEnumerable<JsonObject> Snapshot(ResourceDefinition definition, string? ns) =>
        objects[definition.StorageDefinition].Where(e => ns is null || e.Key.Namespace == ns).Select(e => definition.FromStorage(e.Value));

    /// <summary>The objects as they were at <paramref name="atResourceVersion"/>, rebuilt from the event history.</summary>
    internal IEnumerable<JsonObject> SnapshotAt(ResourceDefinition definition, string? ns, long atResourceVersion)
    {
        var state = new SortedDictionary<ObjectKey, JsonObject>(objects[definition.StorageDefinition]);
        foreach (var change in Watches.AfterNewestFirst(atResourceVersion).Where(e => e.Definition == definition.StorageDefinition))
        {
            var key = KeyOf(change.Object);
            if (change.Previous is null)
            {
                state.Remove(key);
            }
            else
            {
                state[key] = change.Previous;
            }
        }

        return state.Where(e => ns is null || e.Key.Namespace == ns).Select(e => definition.FromStorage(e.Value));
    }

    /// <summary>Stores a new state with a fresh resourceVersion and records the event.</summary>
    internal JsonObject Put(ResourceDefinition view, JsonObject obj)
    {
        var definition = view.StorageDefinition;
        var key = KeyOf(obj);
        var previous = objects[definition].GetValueOrDefault(key);
        var stored = view.ToStorage(obj.CloneObject());
        stored.Metadata()["resourceVersion"] = NextResourceVersion();
        objects[definition][key] = stored;
        Unindex(definition, key, previous);
        Index(definition, key, stored);
        Watches.Publish(new WatchEvent(previous is null ? "ADDED" : "MODIFIED", definition, stored, previous, resourceVersion));
        return view.FromStorage(stored.CloneObject());
    }

    internal JsonObject Remove(ResourceDefinition view, JsonObject obj)
    {
        var definition = view.StorageDefinition;
        var key = KeyOf(obj);
        var previous = objects[definition][key];
        objects[definition].Remove(key);
        Unindex(definition, key, previous);
        if ((previous.Metadata().StringOrNull("uid") is { } uid && IsReferenced(uid))
            || (definition.Namespaced && NamespaceTerminating(key.Namespace)))
        {
            Collector?.Schedule();
        }

        var deleted = previous.CloneObject();
        deleted.Metadata()["resourceVersion"] = NextResourceVersion();
        Watches.Publish(new WatchEvent("DELETED", definition, deleted, previous, resourceVersion));
        return view.FromStorage(deleted.CloneObject());
    }

    private void Index(ResourceDefinition definition, ObjectKey key, JsonObject obj)
    {
        var meta = obj.Metadata();
        if (meta.StringOrNull("uid") is { } uid)
        {
            byUid[uid] = (definition, key);
        }

        var owners = OwnerUids(obj).ToList();
        if (owners.Count > 0)
        {
            referencing.Add((definition, key));
        }

        foreach (var owner in owners)
        {
            referencesTo[owner] = referencesTo.GetValueOrDefault(owner) + 1;
        }

        if (owners.Any(owner => FindByUid(owner) is null) || (meta["deletionTimestamp"] is not null && GarbageCollector.HasCollectorFinalizer(obj)))
        {
            Collector?.Schedule();
        }
    }

    private void Unindex(ResourceDefinition definition, ObjectKey key, JsonObject? obj)
    {
        if (obj is null)
        {
            return;
        }

        if (obj.Metadata().StringOrNull("uid") is { } uid)
        {
            byUid.Remove(uid);
        }

        referencing.Remove((definition, key));
        foreach (var owner in OwnerUids(obj))
        {
            referencesTo[owner]--;
        }
    }

    private static IEnumerable<string> OwnerUids(JsonObject obj) =>
        (obj.Metadata().ArrayOrNull("ownerReferences") ?? []).OfType<JsonObject>().Select(r => r.StringOrNull("uid")).OfType<string>();

    private string NextResourceVersion() => (++resourceVersion).ToString(CultureInfo.InvariantCulture);

    private static ObjectKey KeyOf(JsonObject obj) => new(obj.Namespace(), obj.Name());
}
