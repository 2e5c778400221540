using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// Namespaces must exist before objects are created in them (404 <c>namespaces "x" not found</c>,
/// as the NamespaceLifecycle admission plug-in answers). default, kube-system, kube-public and
/// kube-node-lease exist from the start. Deleting one puts it in phase Terminating
/// (<see cref="NamespaceController"/> empties and removes it).
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

    /// <summary>
    /// The namespace registry's Delete (pkg/registry/core/namespace/storage): while spec.finalizers
    /// holds <c>kubernetes</c>, a delete only marks the namespace and moves it to phase Terminating;
    /// the namespace controller empties it and then lets it go.
    /// </summary>
    public override JsonObject? Terminate(JsonObject existing, string deletionTimestamp)
    {
        if (existing.ObjectOrNull("spec").ArrayOrNull("finalizers") is not { Count: > 0 })
        {
            return null;
        }

        var terminating = existing.CloneObject();
        var meta = terminating.Metadata();
        meta["deletionTimestamp"] ??= deletionTimestamp;
        meta["deletionGracePeriodSeconds"] ??= 0;
        terminating.ChildObject("status")["phase"] = "Terminating";
        return terminating;
    }
}
