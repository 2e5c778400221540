using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

internal static class HttpJson
{
    public static readonly JsonSerializerOptions Output = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(HttpContext context, int statusCode, JsonNode body)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString(Output));
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    public static void AddWarning(HttpContext context, string text) =>
        context.Response.Headers.Append("Warning", $"299 - {JsonNodeExtensions.Quote(text)}");

    public static async Task<JsonNode?> ReadAsync(HttpContext context, ResourceDefinition definition)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException e)
        {
            throw new ApiStatusException(ApiStatus.BadRequest(
                $"{definition.Kind} in version \"{definition.Version}\" cannot be handled as a {definition.Kind}: {e.Message}"));
        }
    }

    public static string MediaType(string? contentType) =>
        (contentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();
}
