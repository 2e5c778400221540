using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes.Fields;

/// <summary>
/// What decoding a body drops, with the paths it reports as unknown fields: a built-in kind's Go type
/// (sigs.k8s.io/json, document order); a custom resource's ObjectMeta, then the fields its schema
/// prunes, sorted (apiextensions customresource_handler.go <c>unstructuredSchemaCoercer.apply</c>).
/// </summary>
internal static class UnknownFields
{
    public static IReadOnlyList<string> Drop(ResourceDefinition definition, JsonObject obj)
    {
        var unknown = new List<string>();
        if (definition.Strategy is CustomResourceStrategy custom)
        {
            KnownFields.ObjectMeta.DropUnknownInKeyOrder(obj["metadata"], "metadata", unknown);
            if (custom.Type.Schema is { } schema)
            {
                unknown.AddRange(SchemaPruning.Prune(obj, schema));
            }
        }
        else
        {
            KnownFields.For(definition)?.DropUnknown(obj, unknown);
        }

        return unknown;
    }
}
