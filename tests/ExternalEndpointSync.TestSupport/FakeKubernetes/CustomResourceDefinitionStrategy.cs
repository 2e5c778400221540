using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// apiextensions.k8s.io/v1 CustomResourceDefinition: its name is plural.group, the group has a dot,
/// the names are DNS-1035 labels, the scope is known, exactly one version is stored, and every
/// version's schema is structural (<see cref="StructuralSchemaRules"/>).
/// Once stored, its served versions are served (<see cref="CustomResourceServing"/>).
/// </summary>
internal sealed class CustomResourceDefinitionStrategy : ResourceStrategy
{
    private static readonly string[] Scopes = ["Cluster", "Namespaced"];

    public override IReadOnlyList<string> ValidateName(string name, bool prefix) => NameRules.Check(NameRules.Dns1123Subdomain, name, prefix);

    public override IEnumerable<FieldError> Validate(JsonObject obj)
    {
        var spec = obj.ObjectOrNull("spec");
        var group = spec.StringOrNull("group") ?? "";
        var names = spec.ObjectOrNull("names");
        var plural = names.StringOrNull("plural") ?? "";
        if (obj.Name() != $"{plural}.{group}")
        {
            yield return FieldError.Invalid("metadata.name", JsonValue.Create(obj.Name()), $"must be spec.names.plural+\".\"+spec.group");
        }

        if (!group.Contains('.', StringComparison.Ordinal))
        {
            yield return FieldError.Invalid("spec.group", JsonValue.Create(group), "should be a domain with at least one dot");
        }

        foreach (var field in new[] { "plural", "singular" })
        {
            foreach (var error in NameRules.Field(NameRules.Dns1035Label, $"spec.names.{field}", names.StringOrNull(field) ?? ""))
            {
                yield return error;
            }
        }

        foreach (var shortName in names.ArrayOrNull("shortNames").Strings())
        {
            foreach (var error in NameRules.Field(NameRules.Dns1035Label, "spec.names.shortNames", shortName))
            {
                yield return error;
            }
        }

        if (string.IsNullOrEmpty(names.StringOrNull("kind")))
        {
            yield return FieldError.Required("spec.names.kind");
        }

        if (!Scopes.Contains(spec.StringOrNull("scope")))
        {
            yield return FieldError.NotSupported("spec.scope", spec?["scope"], Scopes);
        }

        var versions = spec.ArrayOrNull("versions") ?? [];
        if (versions.Count(version => version.BooleanOrNull("storage") == true) != 1)
        {
            yield return FieldError.Invalid("spec.versions", versions, "must have exactly one version marked as storage version");
        }

        for (var index = 0; index < versions.Count; index++)
        {
            var schema = versions[index].ObjectOrNull("schema").ObjectOrNull("openAPIV3Schema");
            var path = $"spec.versions[{index}].schema.openAPIV3Schema";
            if (schema is null)
            {
                yield return FieldError.Required(path, "schemas are required");
                continue;
            }

            foreach (var error in StructuralSchemaRules.Validate(schema, path))
            {
                yield return error;
            }
        }
    }

    public override IEnumerable<FieldError> Allocate(JsonObject obj, JsonObject? old, StrategyContext context)
    {
        if (!context.DryRun)
        {
            CustomResourceServing.Serve(context.Store, obj);
        }

        return [];
    }

    public override void AfterDelete(JsonObject obj, StrategyContext context) => CustomResourceServing.Withdraw(context.Store, obj);
}
