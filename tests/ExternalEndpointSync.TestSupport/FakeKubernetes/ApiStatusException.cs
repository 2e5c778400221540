using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>An error the fake answers with: an HTTP code and a Kubernetes <c>Status</c> body.</summary>
public sealed class ApiStatusException : Exception
{
    public ApiStatusException(JsonObject status)
        : base(status.StringOrNull("message"))
    {
        Status = status;
        Code = (int)(status.IntegerOrNull("code") ?? 500);
    }

    public ApiStatusException()
        : this(ApiStatus.InternalError("unknown error"))
    {
    }

    public ApiStatusException(string message)
        : this(ApiStatus.InternalError(message))
    {
    }

    public ApiStatusException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = ApiStatus.InternalError(message);
        Code = 500;
    }

    public JsonObject Status { get; }

    public int Code { get; }
}
