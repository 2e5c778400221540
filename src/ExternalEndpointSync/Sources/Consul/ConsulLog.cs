using ExternalEndpointSync.Model;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Sources.Consul;

/// <summary>The Consul source's log messages (event ids 3100–3199). The ACL token never appears in any of them.</summary>
internal static partial class ConsulLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "{Service}: watching Consul service {ConsulService}")]
    public static partial void WatchStarted(this ILogger logger, ServiceKey service, string consulService);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Debug, Message = "{Service}: stopped watching Consul service {ConsulService}")]
    public static partial void WatchStopped(this ILogger logger, ServiceKey service, string consulService);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "{Service}: Consul service {ConsulService} changed to {EndpointCount} endpoints at index {Index}")]
    public static partial void AnswerChanged(this ILogger logger, ServiceKey service, string consulService, int endpointCount, ulong index);

    [LoggerMessage(EventId = 3104, Message = "{Service}: Consul request for {ConsulService} failed (attempt {Attempt}), retrying in {RetryDelay}: {Error}")]
    public static partial void RequestFailed(this ILogger logger, LogLevel level, ServiceKey service, string consulService, int attempt, TimeSpan retryDelay, string error);

    [LoggerMessage(EventId = 3105, Message = "{Service}: Consul rejected the request for {ConsulService} (check the ACL token and the datacenter), retrying in {RetryDelay}: {Error}")]
    public static partial void RequestRejected(this ILogger logger, LogLevel level, ServiceKey service, string consulService, TimeSpan retryDelay, string error);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Information, Message = "{Service}: Consul index of {ConsulService} went backwards from {Previous} to {Received}; fetching afresh")]
    public static partial void IndexWentBackwards(this ILogger logger, ServiceKey service, string consulService, ulong previous, ulong received);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Warning, Message = "{Service}: reading Consul service {ConsulService} failed: {Error}")]
    public static partial void ReadFailed(this ILogger logger, ServiceKey service, string consulService, string error);
}
