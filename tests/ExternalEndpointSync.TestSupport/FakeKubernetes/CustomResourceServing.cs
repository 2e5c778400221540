using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// What a stored CustomResourceDefinition serves: one resource per served version, with that
/// version's schema, status subresource and printer columns, through the generic pipeline and
/// <see cref="CustomResourceStrategy"/> (the same path as <c>AddCustomResource</c>). Deleting the
/// definition deletes its objects (the customresourcecleanup finalizer's work, done at once).
/// </summary>
internal static class CustomResourceServing
{
    public static ResourceDefinition Definition(CustomResourceType type) => new()
    {
        Group = type.Group,
        Version = type.Version,
        Plural = type.Plural,
        Singular = type.Singular ?? type.Kind.ToLowerInvariant(),
        Kind = type.Kind,
        Namespaced = type.Namespaced,
        ShortNames = type.ShortNames,
        Categories = type.Categories,
        Strategy = new CustomResourceStrategy(type),
        AllowUnconditionalUpdate = false,
        ManagesGeneration = true,
        HasStatusSubresource = type.HasStatusSubresource,
        ListItemsCarryKind = true,
    };

    public static IReadOnlyList<CustomResourceType> Types(JsonObject crd)
    {
        var spec = crd.ObjectOrNull("spec");
        var names = spec.ObjectOrNull("names");
        return [.. (spec.ArrayOrNull("versions") ?? []).Where(v => v.BooleanOrNull("served") == true).Select(version => new CustomResourceType
        {
            Group = spec.StringOrNull("group") ?? string.Empty,
            Version = version.StringOrNull("name") ?? string.Empty,
            Plural = names.StringOrNull("plural") ?? string.Empty,
            Kind = names.StringOrNull("kind") ?? string.Empty,
            Singular = names.StringOrNull("singular") is { Length: > 0 } singular ? singular : null,
            Namespaced = spec.StringOrNull("scope") == "Namespaced",
            ShortNames = names.ArrayOrNull("shortNames").Strings(),
            Categories = names.ArrayOrNull("categories").Strings(),
            HasStatusSubresource = version.ObjectOrNull("subresources")?["status"] is not null,
            Schema = version.ObjectOrNull("schema").ObjectOrNull("openAPIV3Schema")?.CloneObject(),
            PrinterColumns = [.. (version.ArrayOrNull("additionalPrinterColumns") ?? []).OfType<JsonObject>().Select(c => c.CloneObject())],
        })];
    }

    /// <summary>Serves the definition's versions; an updated definition replaces schema and columns
    /// in place (its objects stay) and stops serving the versions it no longer serves.</summary>
    public static void Serve(FakeObjectStore store, JsonObject crd)
    {
        var types = Types(crd);
        foreach (var type in types)
        {
            if (store.Registry.Find(type.Group, type.Version, type.Plural) is { Strategy: CustomResourceStrategy served })
            {
                served.Type = type;
            }
            else
            {
                store.AddResource(Definition(type));
            }
        }

        foreach (var gone in Served(store, crd).Where(d => !types.Any(t => t.Version == d.Version)).ToList())
        {
            store.RemoveResource(gone);
        }
    }

    public static void Withdraw(FakeObjectStore store, JsonObject crd)
    {
        foreach (var definition in Served(store, crd).ToList())
        {
            store.RemoveResource(definition);
        }
    }

    private static IEnumerable<ResourceDefinition> Served(FakeObjectStore store, JsonObject crd)
    {
        var spec = crd.ObjectOrNull("spec");
        var group = spec.StringOrNull("group");
        var plural = spec.ObjectOrNull("names").StringOrNull("plural");
        return store.Registry.All.Where(d => d.Group == group && d.Plural == plural && d.Strategy is CustomResourceStrategy);
    }
}
