using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>apps/v1 Deployment: a selector that matches the template's labels and never changes, replicas ≥ 0, a valid pod template.</summary>
internal sealed class DeploymentStrategy : ResourceStrategy
{
    public override IReadOnlyList<string> ValidateName(string name, bool prefix) => NameRules.Check(NameRules.Dns1123Subdomain, name, prefix);

    public override IEnumerable<FieldError> Validate(JsonObject obj)
    {
        var spec = obj.ObjectOrNull("spec");
        if (spec?["replicas"] is { } replicas && spec.IntegerOrNull("replicas") is not >= 0)
        {
            yield return FieldError.Invalid("spec.replicas", replicas, "must be greater than or equal to 0");
        }

        foreach (var error in PodTemplateRules.SelectorMatchesTemplate(obj, "spec.selector", "spec.template"))
        {
            yield return error;
        }

        foreach (var error in PodTemplateRules.Template(spec.ObjectOrNull("template"), "spec.template"))
        {
            yield return error;
        }
    }

    public override IEnumerable<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        foreach (var error in Validate(obj))
        {
            yield return error;
        }

        var selector = obj.ObjectOrNull("spec")?["selector"];
        if (!JsonNode.DeepEquals(selector, old.ObjectOrNull("spec")?["selector"]))
        {
            yield return FieldError.Invalid("spec.selector", selector, "field is immutable");
        }
    }
}
