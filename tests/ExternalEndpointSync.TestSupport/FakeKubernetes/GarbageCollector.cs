using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// The garbage collector every cluster runs (pkg/controller/garbagecollector/garbagecollector.go,
/// attemptToDeleteItem and orphanDependents), reduced to its outcome: a dependent whose owners (by
/// uid) are all gone is deleted; references to gone owners beside a live one are dropped; an owner
/// being deleted with the <c>orphan</c> finalizer has its references stripped from its dependents;
/// a dependent with a reference to a kind the server does not serve is left alone (the real collector
/// cannot map it, so its attempt fails and is retried);
/// one with <c>foregroundDeletion</c> has its dependents deleted and goes once none with
/// <c>blockOwnerDeletion: true</c> is left. It runs <see cref="FakeApiServerOptions.GarbageCollectionDelay"/>
/// after something created garbage, on the server's clock, or when a test calls <see cref="CollectNow"/>;
/// the <see cref="NamespaceController"/> runs on the same schedule.
/// </summary>
public sealed class GarbageCollector : IDisposable
{
    public const string OrphanFinalizer = "orphan";
    public const string ForegroundFinalizer = "foregroundDeletion";

    private readonly FakeObjectStore store;
    private readonly TimeSpan? delay;
    private readonly NamespaceController namespaces;
    private ITimer? timer;
    private bool pending;

    internal GarbageCollector(FakeObjectStore store, TimeSpan? delay)
    {
        this.store = store;
        this.delay = delay;
        namespaces = new NamespaceController(store);
    }

    /// <summary>Whether there is garbage the collector has not looked at yet.</summary>
    public bool HasPendingWork
    {
        get
        {
            lock (store.Gate)
            {
                return pending;
            }
        }
    }

    /// <summary>Collects now, whatever the delay (also with "never").</summary>
    public void CollectNow()
    {
        lock (store.Gate)
        {
            Collect();
        }
    }

    public void Dispose()
    {
        lock (store.Gate)
        {
            timer?.Dispose();
            timer = null;
        }
    }

    internal static bool HasCollectorFinalizer(JsonObject obj) =>
        obj.Metadata().ArrayOrNull("finalizers").Strings().Any(f => f is OrphanFinalizer or ForegroundFinalizer);

    /// <summary>Notes new garbage; callers hold the store lock.</summary>
    internal void Schedule()
    {
        if (pending)
        {
            return;
        }

        pending = true;
        if (delay is { } wait && wait > TimeSpan.Zero)
        {
            timer?.Dispose();
            timer = store.Time.CreateTimer(_ => CollectNow(), null, wait, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>After each API write: with no delay the collector acts before the next request is answered.</summary>
    internal void AfterWrite()
    {
        if (pending && delay == TimeSpan.Zero)
        {
            Collect();
        }
    }

    private void Collect()
    {
        pending = false;
        for (var round = 0; round < 100 && CollectOnce(); round++)
        {
        }

        // What the rounds themselves left (e.g. dependents with their own finalizers) waits for the next write.
        pending = false;
    }

    private bool CollectOnce()
    {
        var changed = false;
        foreach (var (definition, dependent) in store.Dependents())
        {
            if (store.Find(definition, definition.Namespaced ? dependent.Namespace() : null, dependent.Name()) is not { } current
                || !ReferenceEquals(current, dependent))
            {
                continue;
            }

            changed |= AttemptToDelete(definition, dependent);
        }

        foreach (var (definition, owner) in store.BeingDeleted())
        {
            changed |= LiftFinalizers(definition, owner);
        }

        return namespaces.Sweep() | changed;
    }

    private bool AttemptToDelete(ResourceDefinition definition, JsonObject dependent)
    {
        var references = dependent.Metadata().ArrayOrNull("ownerReferences")!.OfType<JsonObject>().ToList();
        if (references.Any(r => !Serves(r)))
        {
            // classifyReferences cannot map the owner's kind, so attemptToDeleteItem fails and retries: nothing happens to the dependent.
            return false;
        }

        var solid = new List<JsonObject>();
        var gone = new List<JsonObject>();
        var orphaning = new List<JsonObject>();
        foreach (var reference in references)
        {
            var owner = OwnerOf(dependent, reference);
            var finalizers = owner?.Metadata().ArrayOrNull("finalizers").Strings() ?? [];
            if (owner is null || (owner.Metadata()["deletionTimestamp"] is not null && finalizers.Contains(ForegroundFinalizer)))
            {
                gone.Add(reference);
            }
            else if (owner.Metadata()["deletionTimestamp"] is not null && finalizers.Contains(OrphanFinalizer))
            {
                orphaning.Add(reference);
            }
            else
            {
                solid.Add(reference);
            }
        }

        if (gone.Count == 0 && orphaning.Count == 0)
        {
            return false;
        }

        if (solid.Count == 0 && gone.Count > 0)
        {
            if (dependent.Metadata()["deletionTimestamp"] is not null)
            {
                return false;
            }

            store.Operations.Delete(definition, definition.Namespaced ? dependent.Namespace() : null, dependent.Name(), options: null, dryRun: false);
            return true;
        }

        var kept = solid.Select(r => (JsonNode)r.DeepClone()).ToArray();
        var updated = dependent.CloneObject();
        if (kept.Length == 0)
        {
            updated.Metadata().Remove("ownerReferences");
        }
        else
        {
            updated.Metadata()["ownerReferences"] = new JsonArray(kept);
        }

        store.Operations.ApplyUpdate(definition, updated, dependent.CloneObject(), dryRun: false);
        return true;
    }

    private bool LiftFinalizers(ResourceDefinition definition, JsonObject owner)
    {
        var finalizers = owner.Metadata().ArrayOrNull("finalizers").Strings();
        var uid = owner.Metadata().StringOrNull("uid") ?? string.Empty;
        var lift = new List<string>();
        if (finalizers.Contains(OrphanFinalizer) && !store.IsReferenced(uid))
        {
            lift.Add(OrphanFinalizer);
        }

        if (finalizers.Contains(ForegroundFinalizer) && !BlockedBy(uid))
        {
            lift.Add(ForegroundFinalizer);
        }

        if (lift.Count == 0)
        {
            return false;
        }

        var updated = owner.CloneObject();
        var remaining = finalizers.Where(f => !lift.Contains(f)).Select(f => (JsonNode)JsonValue.Create(f)).ToArray();
        if (remaining.Length == 0)
        {
            updated.Metadata().Remove("finalizers");
        }
        else
        {
            updated.Metadata()["finalizers"] = new JsonArray(remaining);
        }

        store.Operations.ApplyUpdate(definition, updated, owner.CloneObject(), dryRun: false);
        return true;
    }

    private bool BlockedBy(string ownerUid) =>
        store.Dependents().Any(d => d.Object.Metadata().ArrayOrNull("ownerReferences")!.OfType<JsonObject>()
            .Any(r => r.StringOrNull("uid") == ownerUid && r["blockOwnerDeletion"]?.GetValueKind() == System.Text.Json.JsonValueKind.True));

    /// <summary>The owner a reference names: same uid, in the dependent's namespace or cluster-scoped.</summary>
    private bool Serves(JsonObject reference) =>
        store.Registry.All.Any(d => d.ApiVersion == reference.StringOrNull("apiVersion") && d.Kind == reference.StringOrNull("kind"));

    private JsonObject? OwnerOf(JsonObject dependent, JsonObject reference) =>
        reference.StringOrNull("uid") is { } uid && store.FindByUid(uid) is { } found
        && (!found.Definition.Namespaced || found.Object.Namespace() == dependent.Namespace())
            ? found.Object
            : null;
}
