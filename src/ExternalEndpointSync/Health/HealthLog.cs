using ExternalEndpointSync.Model;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Health;

internal static partial class HealthLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "{Service}: address {Address} is healthy")]
    public static partial void AddressHealthy(ILogger logger, ServiceKey service, string address);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "{Service}: address {Address} is unhealthy: {Reason}")]
    public static partial void AddressUnhealthy(ILogger logger, ServiceKey service, string address, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "{Service}: every address is unhealthy; publishing all {Count} as ready (panic rule)")]
    public static partial void Panicking(ILogger logger, ServiceKey service, int count);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "{Service}: an address is healthy again; panic rule no longer applies")]
    public static partial void PanicOver(ILogger logger, ServiceKey service);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "{Service}: address {Address}: {Warning}")]
    public static partial void ProbeWarning(ILogger logger, ServiceKey service, string address, string warning);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Debug, Message = "{Service}: probe of {Address} failed: {Reason}")]
    public static partial void ProbeFailed(ILogger logger, ServiceKey service, string address, string reason);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Error, Message = "{Service}: scheduled probe of {Address} failed unexpectedly ({ExceptionType}): {Error}; the next probe is scheduled as usual")]
    public static partial void ScheduledProbeFaulted(ILogger logger, ServiceKey service, string address, string exceptionType, string error);
}
