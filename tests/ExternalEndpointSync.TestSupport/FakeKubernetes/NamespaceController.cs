using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// The namespace controller (pkg/controller/namespace/deletion/namespaced_resources_deleter.go)
/// reduced to its outcome: every object in a Terminating namespace is deleted as a client delete
/// would (finalizers hold an object back, cascades and the garbage collector apply); once nothing is
/// left the <c>kubernetes</c> finalizer is lifted and the namespace goes. Callers hold the store lock.
/// </summary>
internal sealed class NamespaceController
{
    private readonly FakeObjectStore store;

    public NamespaceController(FakeObjectStore store) => this.store = store;

    /// <summary>One pass over every Terminating namespace; true when it changed anything.</summary>
    public bool Sweep()
    {
        var changed = false;
        var terminating = store.Snapshot(store.Registry.Namespaces, null)
            .Where(n => n.Metadata()["deletionTimestamp"] is not null).ToList();
        foreach (var ns in terminating)
        {
            changed |= Empty(ns.Name());
            if (!Contents(ns.Name()).Any())
            {
                var removed = store.Remove(store.Registry.Namespaces, ns);
                store.Registry.Namespaces.Strategy.AfterDelete(removed, new StrategyContext(store, dryRun: false));
                changed = true;
            }
        }

        return changed;
    }

    private bool Empty(string ns)
    {
        var changed = false;
        foreach (var (definition, obj) in Contents(ns).ToList())
        {
            if (obj.Metadata()["deletionTimestamp"] is null && store.Find(definition, ns, obj.Name()) is not null)
            {
                store.Operations.Delete(definition, ns, obj.Name(), options: null, dryRun: false);
                changed = true;
            }
        }

        return changed;
    }

    private IEnumerable<(ResourceDefinition Definition, JsonObject Object)> Contents(string ns) =>
        store.Registry.All.Where(d => d.Namespaced).SelectMany(d => store.Snapshot(d, ns).Select(o => (d, o)));
}
