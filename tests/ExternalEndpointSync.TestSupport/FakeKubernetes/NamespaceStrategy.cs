using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// Namespaces must exist before objects are created in them (404 <c>namespaces "x" not found</c>,
/// as the NamespaceLifecycle admission plug-in answers). default, kube-system, kube-public and
/// kube-node-lease exist from the start. Deleting a namespace removes everything in it at once
/// (a real cluster passes through phase Terminating while the namespace controller does this).
/// </summary>
internal sealed class NamespaceStrategy : ResourceStrategy
{
    public override IReadOnlyList<string> ValidateName(string name, bool prefix) => NameRules.Check(NameRules.Dns1123Label, name, prefix);

    public override IReadOnlyList<TableColumn> PrintColumns { get; } =
        [new("Status", "The status of the namespace.", o => o.ObjectOrNull("status").StringOrNull("phase") ?? string.Empty)];

    public override void PrepareForCreate(JsonObject obj, StrategyContext context)
    {
        obj.ChildObject("spec")["finalizers"] = new JsonArray("kubernetes");
        obj["status"] = new JsonObject { ["phase"] = "Active" };
        var labels = obj.Metadata().ChildObject("labels");
        labels["kubernetes.io/metadata.name"] = obj.Name();
    }

    public override void PrepareForUpdate(JsonObject obj, JsonObject old, StrategyContext context)
    {
        obj["spec"] = old["spec"]?.DeepClone();
        obj["status"] = old["status"]?.DeepClone();
        obj.Metadata().ChildObject("labels")["kubernetes.io/metadata.name"] = obj.Name();
    }

    public override void AfterDelete(JsonObject obj, StrategyContext context)
    {
        var store = context.Store;
        foreach (var definition in store.Registry.All.Where(d => d.Namespaced))
        {
            foreach (var contained in store.Snapshot(definition, obj.Name()).ToList())
            {
                var deleted = store.Remove(definition, contained);
                definition.Strategy.AfterDelete(deleted, context);
            }
        }
    }
}
