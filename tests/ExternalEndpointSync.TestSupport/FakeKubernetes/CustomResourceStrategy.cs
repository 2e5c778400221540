using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// Custom resources: DNS-subdomain names, the declared validation, no strategic merge patch; with a
/// status subresource, create drops status and a main-resource update keeps the stored status.
/// </summary>
internal sealed class CustomResourceStrategy : ResourceStrategy
{
    private readonly CustomResourceType type;

    public CustomResourceStrategy(CustomResourceType type) => this.type = type;

    public override bool SupportsStrategicMerge => false;

    public override IReadOnlyList<string> ValidateName(string name, bool prefix) => NameRules.Check(NameRules.Dns1123Subdomain, name, prefix);

    public override void PrepareForCreate(JsonObject obj, StrategyContext context)
    {
        if (type.HasStatusSubresource)
        {
            obj.Remove("status");
        }
    }

    public override void PrepareForUpdate(JsonObject obj, JsonObject old, StrategyContext context)
    {
        if (type.HasStatusSubresource)
        {
            obj["status"] = old["status"]?.DeepClone();
            if (obj["status"] is null)
            {
                obj.Remove("status");
            }
        }
    }

    public override IEnumerable<FieldError> Validate(JsonObject obj) => type.Validate?.Invoke(obj) ?? [];
}
