using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>Reads request bodies (objects and patches) and applies patches, with the API server's 400/415 answers.</summary>
internal static class RequestBodies
{
    private static readonly string[] PatchTypes =
        ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml", "application/strategic-merge-patch+json"];

    public static JsonObject ApplyPatch(ResourceDefinition definition, JsonObject existing, string mediaType, JsonNode? body)
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

    public static async Task<JsonObject> ReadObjectAsync(HttpContext context, ResourceDefinition definition)
    {
        var mediaType = HttpJson.MediaType(context.Request.ContentType);
        if (mediaType is not ("application/json" or ""))
        {
            throw new ApiStatusException(ApiStatus.UnsupportedMediaType(mediaType, ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"]));
        }

        var obj = await HttpJson.ReadAsync(context, definition) as JsonObject
            ?? throw new ApiStatusException(ApiStatus.BadRequest($"{definition.Kind} in version \"{definition.Version}\" cannot be handled as a {definition.Kind}: the body is not a JSON object"));
        TimeFields.ThrowIfUndecodable(definition, obj);
        return obj;
    }

    public static async Task<(string MediaType, JsonNode? Body)> ReadPatchAsync(HttpContext context, ResourceDefinition definition)
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

        return (mediaType, await HttpJson.ReadAsync(context, definition));
    }
}
