using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>coordination.k8s.io/v1 Lease: the leader-election fence (updates need a resourceVersion).</summary>
internal sealed class LeaseStrategy : ResourceStrategy
{
    public override IReadOnlyList<string> ValidateName(string name, bool prefix) => NameRules.Check(NameRules.Dns1123Subdomain, name, prefix);

    public override IReadOnlyList<TableColumn> PrintColumns { get; } =
        [new("Holder", "The holder of the lease.", o => o.ObjectOrNull("spec").StringOrNull("holderIdentity") ?? string.Empty)];

    public override IEnumerable<FieldError> Validate(JsonObject obj)
    {
        var spec = obj.ObjectOrNull("spec");
        if (spec?["leaseDurationSeconds"] is { } duration && spec.IntegerOrNull("leaseDurationSeconds") is not > 0)
        {
            yield return FieldError.Invalid("spec.leaseDurationSeconds", duration, "must be greater than 0");
        }

        if (spec?["leaseTransitions"] is { } transitions && spec.IntegerOrNull("leaseTransitions") is not >= 0)
        {
            yield return FieldError.Invalid("spec.leaseTransitions", transitions, "must be greater than or equal to 0");
        }
    }
}
