using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// Custom resources: DNS-subdomain names, the declared validation, no strategic merge patch; with a
/// status subresource, create drops status and a main-resource update keeps the stored status.
/// Pruning is decoding's (<see cref="Fields.UnknownFields"/>), before any of this runs.
/// </summary>
internal sealed class CustomResourceStrategy : ResourceStrategy
{
    public CustomResourceStrategy(CustomResourceType type) => Type = type;

    /// <summary>Replaced when the CustomResourceDefinition is updated (schema, printer columns).</summary>
    public CustomResourceType Type { get; set; }

    public override bool SupportsStrategicMerge => false;

    public override IReadOnlyList<string> ValidateName(string name, bool prefix) => NameRules.Check(NameRules.Dns1123Subdomain, name, prefix);

    public override void PrepareForCreate(JsonObject obj, StrategyContext context)
    {
        if (Type.HasStatusSubresource)
        {
            obj.Remove("status");
        }
    }

    public override void PrepareForUpdate(JsonObject obj, JsonObject old, StrategyContext context)
    {
        if (Type.HasStatusSubresource)
        {
            obj["status"] = old["status"]?.DeepClone();
            if (obj["status"] is null)
            {
                obj.Remove("status");
            }
        }
    }

    public override IEnumerable<FieldError> Validate(JsonObject obj) =>
        (Type.Schema is { } schema ? OpenApiSchemaValidation.Validate(obj, schema) : []).Concat(Type.Validate?.Invoke(obj) ?? []);

    public override IReadOnlyList<TableColumn> PrintColumns => PrinterColumnCells.Columns(Type.PrinterColumns);
}
