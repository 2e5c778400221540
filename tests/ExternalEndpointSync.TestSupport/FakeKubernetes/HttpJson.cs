using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExternalEndpointSync.TestSupport.FakeKubernetes.Fields;
using Microsoft.AspNetCore.Http;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

internal static class HttpJson
{
    public const long MaxRequestBodyBytes = 3 * 1024 * 1024;

    public static readonly JsonSerializerOptions Output = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(HttpContext context, int statusCode, JsonNode body)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString(Output));
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    /// <summary>What Go's <c>http.NotFound</c> writes.</summary>
    public static async Task WritePageNotFoundAsync(HttpContext context)
    {
        context.Response.StatusCode = 404;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        var bytes = Encoding.UTF8.GetBytes("404 page not found\n");
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    public static void AddWarning(HttpContext context, string text) =>
        context.Response.Headers.Append("Warning", $"299 - {JsonNodeExtensions.Quote(text)}");

    public static async Task<JsonNode?> ReadAsync(HttpContext context, ResourceDefinition definition) =>
        (await ReadAsync(context, definition, [])).Body;

    /// <summary>Reads a JSON body, last repeated key winning as in Go; <paramref name="duplicates"/> gets the repeats' paths.</summary>
    public static async Task<(JsonNode? Body, List<string> Duplicates)> ReadAsync(HttpContext context, ResourceDefinition definition, List<string> duplicates)
    {
        var body = await ReadLimitedAsync(context);
        try
        {
            return (DuplicateKeyJson.Parse(body, duplicates), duplicates);
        }
        catch (JsonException e)
        {
            throw new ApiStatusException(ApiStatus.BadRequest(
                $"{definition.Kind} in version \"{definition.Version}\" cannot be handled as a {definition.Kind}: {e.Message}"));
        }
    }

    /// <summary>kube-apiserver's <c>limitedReadBody</c> (apiserver pkg/endpoints/handlers/rest.go) with
    /// the generic server's default MaxRequestBodyBytes of 3 MiB: one byte over is 413.</summary>
    private static async Task<byte[]> ReadLimitedAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxRequestBodyBytes)
            {
                throw new ApiStatusException(ApiStatus.Failure(413, "RequestEntityTooLarge", $"Request entity too large: limit is {MaxRequestBodyBytes}"));
            }
        }

        return buffer.ToArray();
    }

    public static string MediaType(string? contentType) =>
        (contentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();
}
