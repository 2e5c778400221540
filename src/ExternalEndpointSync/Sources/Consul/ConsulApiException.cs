using System.Net;

namespace ExternalEndpointSync.Sources.Consul;

/// <summary>Consul answered with an error status.</summary>
public sealed class ConsulApiException : Exception
{
    public ConsulApiException()
    {
    }

    public ConsulApiException(string message)
        : base(message)
    {
    }

    public ConsulApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ConsulApiException(HttpStatusCode statusCode, string message)
        : base(message) => StatusCode = statusCode;

    public HttpStatusCode StatusCode { get; }

    /// <summary>
    /// 403 (token missing, unknown or without permission) and 404 (unknown datacenter) will not
    /// heal by retrying; they are reported as the configuration's fault.
    /// </summary>
    public bool IsConfigurationError => StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound;
}
