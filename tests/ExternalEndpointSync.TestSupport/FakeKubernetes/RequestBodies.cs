using System.Text.Json.Nodes;
using ExternalEndpointSync.TestSupport.FakeKubernetes.Fields;
using Microsoft.AspNetCore.Http;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>Reads request bodies (objects and patches) and applies patches, with the API server's 400/415 answers.</summary>
internal static class RequestBodies
{
    private static readonly string[] PatchTypes =
        ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml", "application/strategic-merge-patch+json"];

    private static JsonObject ApplyPatch(ResourceDefinition definition, JsonObject existing, string mediaType, JsonNode? body)
    {
        var patched = mediaType switch
        {
            "application/json-patch+json" => JsonPatch.Apply(existing, body as JsonArray
                ?? throw new ApiStatusException(ApiStatus.BadRequest("json patch must be a JSON array of operations"))),
            "application/merge-patch+json" => MergePatch.Apply(existing, body) as JsonObject
                ?? throw new ApiStatusException(ApiStatus.BadRequest("merge patch must be a JSON object")),
            _ => StrategicMergePatch.Apply(existing, body as JsonObject
                ?? throw new ApiStatusException(ApiStatus.BadRequest("strategic merge patch must be a JSON object")), definition),
        };
        patched.Metadata()["name"] = existing.Name();
        if (definition.Namespaced)
        {
            patched.Metadata()["namespace"] = existing.Namespace();
        }

        return patched;
    }

    /// <summary>Reads a create or update body: decode errors, time fields, then unknown and repeated fields per <paramref name="validation"/>.</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpContext context, ResourceDefinition definition, FieldValidation validation)
    {
        var mediaType = HttpJson.MediaType(context.Request.ContentType);
        if (mediaType is not ("application/json" or ""))
        {
            throw new ApiStatusException(ApiStatus.UnsupportedMediaType(mediaType, ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"]));
        }

        var (body, duplicates) = await HttpJson.ReadAsync(context, definition, []);
        var obj = body as JsonObject
            ?? throw new ApiStatusException(ApiStatus.BadRequest($"{definition.Kind} in version \"{definition.Version}\" cannot be handled as a {definition.Kind}: the body is not a JSON object"));
        if (TimeFields.FirstError(definition, obj) is { } timeError)
        {
            throw new ApiStatusException(ApiStatus.BadRequest($"{definition.Kind} in version \"{definition.Version}\" cannot be handled as a {definition.Kind}: {timeError}"));
        }

        var problems = duplicates.Select(FieldValidation.Duplicate).Concat(DropUnknown(definition, obj)).ToList();
        validation.Decoded(definition, problems, text => HttpJson.AddWarning(context, text));
        return obj;
    }

    /// <summary>
    /// Applies a patch and decodes the result as the patcher does (handlers/patch.go): a bad time is
    /// the decoder's non-strict error, so 422 on <c>patch</c> before any strict one; repeated keys of
    /// the patch and unknown fields of the result follow <paramref name="validation"/>.
    /// </summary>
    public static JsonObject ApplyPatch(ResourceDefinition definition, JsonObject existing, PatchBody patch, FieldValidation validation, Action<string> warn)
    {
        var patched = ApplyPatch(definition, existing, patch.MediaType, patch.Body);
        // The strategic patcher prints the patch map, the JSON patchers the patched object.
        var rendered = patch.MediaType == "application/strategic-merge-patch+json" ? patch.Body?.ToJsonString() ?? "null" : patched.ToJsonString();
        if (TimeFields.FirstError(definition, patched) is { } timeError)
        {
            throw new ApiStatusException(ApiStatus.Invalid(string.Empty, string.Empty, string.Empty, string.Empty,
                [FieldError.Invalid("patch", JsonNodeExtensions.Quote(rendered), timeError)]));
        }

        var prefix = patch.MediaType == "application/json-patch+json" ? "json patch " : string.Empty;
        var problems = patch.Duplicates.Select(d => prefix + FieldValidation.Duplicate(d)).Concat(DropUnknown(definition, patched)).ToList();
        validation.Patched(rendered, problems, warn);
        return patched;
    }

    private static IEnumerable<string> DropUnknown(ResourceDefinition definition, JsonObject obj) =>
        UnknownFields.Drop(definition, obj).Select(FieldValidation.Unknown);

    public static async Task<PatchBody> ReadPatchAsync(HttpContext context, ResourceDefinition definition)
    {
        var mediaType = HttpJson.MediaType(context.Request.ContentType);
        if (!PatchTypes.Contains(mediaType) || (mediaType == "application/strategic-merge-patch+json" && !definition.SupportsStrategicMerge))
        {
            throw new ApiStatusException(ApiStatus.UnsupportedMediaType(mediaType, PatchTypes.Where(t => definition.SupportsStrategicMerge || !t.StartsWith("application/strategic", StringComparison.Ordinal))));
        }

        if (mediaType == "application/apply-patch+yaml")
        {
            throw new ApiStatusException(ApiStatus.Failure(415, "UnsupportedMediaType",
                "server-side apply (application/apply-patch+yaml) is not implemented by the fake API server; use create/update, json-patch, merge-patch or strategic-merge-patch"));
        }

        var (body, duplicates) = await HttpJson.ReadAsync(context, definition, []);
        return new PatchBody(mediaType, body, duplicates);
    }
}
