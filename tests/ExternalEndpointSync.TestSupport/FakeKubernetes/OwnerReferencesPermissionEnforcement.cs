using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// The OwnerReferencesPermissionEnforcement admission plugin (plugin/pkg/admission/gc/gc_admission.go),
/// on in RBAC mode: whoever changes an object's ownerReferences must be allowed to delete that object,
/// and whoever sets <c>blockOwnerDeletion: true</c> on a reference must be allowed to <c>update</c> the
/// owner's <c>finalizers</c> subresource. Runs after validation, before storage, on create and update.
/// </summary>
internal sealed class OwnerReferencesPermissionEnforcement(RequestAuthorizer authorizer, ResourceRegistry registry, RequestUser user, string? nameOnRequest)
{
    public void Admit(ResourceDefinition def, JsonObject obj, JsonObject? old)
    {
        var newReferences = obj.Metadata().ArrayOrNull("ownerReferences");
        var oldReferences = old?.Metadata().ArrayOrNull("ownerReferences");
        if (!IsChanging(newReferences, oldReferences, old is null))
        {
            return;
        }

        var ns = obj.Namespace();
        var scope = def.Namespaced ? ns : null;
        if (!authorizer.Allows(user, new AuthorizationRequest("delete", def.Group, def.Plural, null, scope, nameOnRequest)))
        {
            throw Forbidden(def, "cannot set an ownerRef on a resource you can't delete: , <nil>");
        }

        foreach (var reference in NewBlocking(newReferences, oldReferences))
        {
            var apiVersion = reference.StringOrNull("apiVersion") ?? string.Empty;
            var kind = reference.StringOrNull("kind") ?? string.Empty;
            var owner = registry.All.FirstOrDefault(d => d.ApiVersion == apiVersion && d.Kind == kind)
                ?? throw Forbidden(def, $"cannot set blockOwnerDeletion in this case because cannot find RESTMapping for APIVersion {apiVersion} Kind {kind}: , no matches for kind \"{kind}\" in version \"{apiVersion}\"");
            if (!authorizer.Allows(user, new AuthorizationRequest("update", owner.Group, owner.Plural, "finalizers", scope, reference.StringOrNull("name"))))
            {
                throw Forbidden(def, "cannot set blockOwnerDeletion if an ownerReference refers to a resource you can't set finalizers on: , <nil>");
            }
        }
    }

    private ApiStatusException Forbidden(ResourceDefinition def, string detail) =>
        new(ApiStatus.Forbidden(def.Group, def.Plural, nameOnRequest, detail));

    private static bool IsChanging(JsonArray? now, JsonArray? before, bool creating) =>
        creating ? now is { Count: > 0 } : !JsonNode.DeepEquals(now ?? [], before ?? []);

    /// <summary>References that block owner deletion and did not before (new uid, or false/unset until now).</summary>
    private static IEnumerable<JsonObject> NewBlocking(JsonArray? now, JsonArray? before)
    {
        var previous = (before ?? []).OfType<JsonObject>()
            .GroupBy(r => r.StringOrNull("uid") ?? string.Empty, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        return (now ?? []).OfType<JsonObject>().Where(r => Blocks(r)
            && !(previous.TryGetValue(r.StringOrNull("uid") ?? string.Empty, out var was) && Blocks(was)));
    }

    private static bool Blocks(JsonObject reference) => reference["blockOwnerDeletion"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
}
