using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Polly.Timeout;

namespace ExternalEndpointSync.Applier;

/// <summary>Reads the API server's answers to failed requests.</summary>
public static class KubernetesErrors
{
    public static HttpStatusCode? StatusCode(Exception exception) =>
        exception is HttpOperationException { Response: { } response } ? response.StatusCode : null;

    /// <summary>The <c>reason</c> of the Status body (<c>AlreadyExists</c>, <c>Conflict</c>, <c>Invalid</c>, …), or null.</summary>
    public static string? Reason(Exception exception) => Status(exception)?.Reason;

    public static V1Status? Status(Exception exception)
    {
        if (exception is not HttpOperationException { Response.Content: { Length: > 0 } content })
        {
            return null;
        }

        try
        {
            return KubernetesJson.Deserialize<V1Status>(content);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public static bool IsNotFound(Exception exception) => StatusCode(exception) == HttpStatusCode.NotFound;

    public static bool IsAlreadyExists(Exception exception) =>
        StatusCode(exception) == HttpStatusCode.Conflict && Reason(exception) == "AlreadyExists";

    /// <summary>A 409 that means the resourceVersion (or a delete precondition) was stale, not a name clash.</summary>
    public static bool IsStale(Exception exception) =>
        StatusCode(exception) == HttpStatusCode.Conflict && Reason(exception) != "AlreadyExists";

    /// <summary>Failures worth the same request again after a pause: throttling, server errors, broken connections, timeouts.</summary>
    public static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        HttpOperationException => StatusCode(exception) is HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError,
        HttpRequestException or IOException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>
    /// No answer at all: nothing listens, the name does not resolve, or nothing came back in time.
    /// A server that answers, even with 401 or 403, is reachable.
    /// </summary>
    public static bool IsUnreachable(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
        TimeoutRejectedException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>A one-line description for reports: the API server's message when it gave one.</summary>
    public static string Describe(Exception exception)
    {
        var status = Status(exception);
        if (status?.Message is { Length: > 0 } message)
        {
            return $"{(int?)StatusCode(exception)} {status.Reason}: {message}";
        }

        return StatusCode(exception) is { } code ? $"HTTP {(int)code} {code}" : exception.Message;
    }
}
