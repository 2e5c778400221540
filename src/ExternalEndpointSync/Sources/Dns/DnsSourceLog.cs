using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Sources.Dns;

internal static partial class DnsSourceLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "DNS {Name} for {Service}: {Count} endpoints, next refresh at {RefreshAt}")]
    public static partial void Resolved(ILogger logger, string service, string name, int count, DateTimeOffset refreshAt);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "DNS lookup for {Service} failed, keeping {Kept} last good endpoints: {Reason}")]
    public static partial void TransientFailure(ILogger logger, string service, int kept, string reason);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "DNS answer for {Service} is empty ({Seen} of {EmptyAfter} before emptying), keeping {Kept} last good endpoints: {Reason}")]
    public static partial void EmptyAnswerHeld(ILogger logger, string service, int seen, int emptyAfter, int kept, string reason);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "DNS answer for {Service} was empty {Seen} times in a row; publishing no endpoints: {Reason}")]
    public static partial void Emptied(ILogger logger, string service, int seen, string reason);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Error, Message = "DNS source of {Service} is misconfigured: {Reason}")]
    public static partial void ConfigurationError(ILogger logger, string service, string reason);
}
