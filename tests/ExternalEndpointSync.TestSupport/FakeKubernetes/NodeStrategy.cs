using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// core/v1 Node, cluster-scoped (pkg/registry/core/node): a create keeps the status the kubelet
/// registers with (its addresses); a main-resource update keeps the stored status, /status changes
/// only it. <c>spec.podCIDRs</c>: valid CIDRs, at most one per family, never changed once set
/// (ValidateNode, ValidateNodeUpdate).
/// </summary>
internal sealed class NodeStrategy : ResourceStrategy
{
    public override IReadOnlyList<string> ValidateName(string name, bool prefix) => NameRules.Check(NameRules.Dns1123Subdomain, name, prefix);

    public override IReadOnlyList<TableColumn> PrintColumns { get; } =
        [new("Pod CIDRs", "The pod networks of the node.", o => string.Join(",", o.ObjectOrNull("spec").ArrayOrNull("podCIDRs").Strings()))];

    public override void PrepareForUpdate(JsonObject obj, JsonObject old, StrategyContext context) => obj["status"] = old["status"]?.DeepClone();

    public override IEnumerable<FieldError> Validate(JsonObject obj)
    {
        if (obj.ObjectOrNull("spec").ArrayOrNull("podCIDRs") is not { Count: > 0 } cidrs)
        {
            return [];
        }

        var errors = CidrRules.Invalid("spec.podCIDRs", cidrs).ToList();
        var values = cidrs.Strings();
        if (errors.Count == 0 && values.Count > 1 && !CidrRules.IsDualStack(values))
        {
            errors.Add(FieldError.Invalid("spec.podCIDRs", CidrRules.GoStrings(values), "may specify no more than one CIDR for each IP family"));
        }

        return errors;
    }

    public override IEnumerable<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var before = old.ObjectOrNull("spec").ArrayOrNull("podCIDRs").Strings();
        var after = obj.ObjectOrNull("spec").ArrayOrNull("podCIDRs").Strings();
        return before.Count > 0 && !before.SequenceEqual(after)
            ? [FieldError.Forbidden("spec.podCIDRs", "node updates may not change podCIDR except from \"\" to valid")]
            : Validate(obj);
    }
}
