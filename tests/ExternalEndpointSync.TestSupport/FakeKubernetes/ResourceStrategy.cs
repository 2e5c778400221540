using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// Per-resource behaviour plug-in, modelled on the API server's registry strategies:
/// defaulting, validation, canonicalisation and side effects of writes.
/// </summary>
public abstract class ResourceStrategy
{
    /// <summary>Validates metadata.name (or the generateName prefix when <paramref name="prefix"/>).</summary>
    public abstract IReadOnlyList<string> ValidateName(string name, bool prefix);

    /// <summary>Applies defaults and clears fields users may not set on create (e.g. status).</summary>
    public virtual void PrepareForCreate(JsonObject obj, StrategyContext context)
    {
    }

    /// <summary>Carries over server-owned values from <paramref name="old"/> and applies defaults.</summary>
    public virtual void PrepareForUpdate(JsonObject obj, JsonObject old, StrategyContext context)
    {
    }

    public virtual IEnumerable<FieldError> Validate(JsonObject obj) => [];

    public virtual IEnumerable<FieldError> ValidateUpdate(JsonObject obj, JsonObject old) => Validate(obj);

    /// <summary>Normalises a valid object before it is stored (e.g. Endpoints re-packing).</summary>
    public virtual void Canonicalize(JsonObject obj)
    {
    }

    /// <summary>Warnings to answer with after a successful create or update.</summary>
    public virtual IEnumerable<string> Warnings(JsonObject obj) => [];

    /// <summary>Runs after validation, before storing; may allocate resources and fail with 422.</summary>
    public virtual IEnumerable<FieldError> Allocate(JsonObject obj, JsonObject? old, StrategyContext context) => [];

    /// <summary>Runs after the object has been removed from storage (releases allocations, cascades).</summary>
    public virtual void AfterDelete(JsonObject obj, StrategyContext context)
    {
    }

    /// <summary>
    /// A delete that only starts termination (Namespace): the marked object to store instead of
    /// removing this one, or null for the generic delete.
    /// </summary>
    public virtual JsonObject? Terminate(JsonObject existing, string deletionTimestamp) => null;

    /// <summary>Whether an update bumps metadata.generation (for resources that manage it):
    /// by default, when anything outside metadata changed.</summary>
    public virtual bool ChangesGeneration(JsonObject obj, JsonObject old)
    {
        var left = obj.CloneObject();
        var right = old.CloneObject();
        left.Remove("metadata");
        right.Remove("metadata");
        return !JsonNode.DeepEquals(left, right);
    }

    public virtual bool SupportsStrategicMerge => true;

    /// <summary>Columns for server-side printing, between NAME and AGE (priority 1: after AGE).</summary>
    public virtual IReadOnlyList<TableColumn> PrintColumns => [];
}
