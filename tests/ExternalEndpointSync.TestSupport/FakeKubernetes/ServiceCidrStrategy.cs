using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// networking.k8s.io/v1 ServiceCIDR, cluster-scoped (pkg/registry/networking/servicecidr,
/// ValidateServiceCIDR): one or two valid CIDRs, a pair of two families, immutable; a create clears
/// status, a main-resource update keeps it. The API server makes one named <c>kubernetes</c> from its
/// <c>--service-cluster-ip-range</c>; the fake does the same from its Service ranges.
/// </summary>
internal sealed class ServiceCidrStrategy : ResourceStrategy
{
    public override IReadOnlyList<string> ValidateName(string name, bool prefix) => NameRules.Check(NameRules.Dns1123Subdomain, name, prefix);

    public override IReadOnlyList<TableColumn> PrintColumns { get; } =
        [new("CIDRs", "The Service networks.", o => string.Join(",", o.ObjectOrNull("spec").ArrayOrNull("cidrs").Strings()))];

    public override void PrepareForCreate(JsonObject obj, StrategyContext context) => obj.Remove("status");

    public override void PrepareForUpdate(JsonObject obj, JsonObject old, StrategyContext context) => obj["status"] = old["status"]?.DeepClone();

    public override IEnumerable<FieldError> Validate(JsonObject obj)
    {
        var spec = obj.ObjectOrNull("spec");
        var cidrs = spec.ArrayOrNull("cidrs");
        if (cidrs is not { Count: > 0 })
        {
            return [FieldError.Required("spec.cidrs", "at least one CIDR required")];
        }

        var values = cidrs.Strings();
        if (cidrs.Count > 2)
        {
            return [FieldError.Invalid("spec.cidrs", Spec(values), "may only hold up to 2 values")];
        }

        if (cidrs.Count == 2 && !CidrRules.IsDualStack(values))
        {
            return [FieldError.Invalid("spec.cidrs", Spec(values), "may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64")];
        }

        return CidrRules.Invalid("spec.cidrs", cidrs);
    }

    public override IEnumerable<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var before = old.ObjectOrNull("spec").ArrayOrNull("cidrs").Strings();
        var after = obj.ObjectOrNull("spec").ArrayOrNull("cidrs").Strings();
        return before.SequenceEqual(after) ? [] : [FieldError.Invalid("spec.cidrs", CidrRules.GoStrings(after), "field is immutable")];
    }

    /// <summary>The spec as field.Invalid renders a struct value (Go's %#v).</summary>
    private static string Spec(IReadOnlyList<string> cidrs) => $"networking.ServiceCIDRSpec{{CIDRs:{CidrRules.GoStrings(cidrs)}}}";
}
