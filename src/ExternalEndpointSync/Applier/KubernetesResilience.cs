using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ExternalEndpointSync.Applier;

/// <summary>The Polly pipeline every Kubernetes API call goes through.</summary>
public static partial class KubernetesResilience
{
    public const string PipelineName = "kubernetes";

    /// <summary>
    /// Retries transient failures and stale-resourceVersion conflicts with jittered exponential
    /// backoff; each attempt has its own timeout. The caller re-reads the object before the next
    /// attempt when the failure was a conflict. Each retry is one log line (reason, attempt,
    /// delay); Polly's own telemetry logs, which dump every response, are not used.
    /// </summary>
    public static ResiliencePipelineBuilder Configure(ResiliencePipelineBuilder builder, KubernetesRetryOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        return builder
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsRetryable(e, args.Context.CancellationToken)),
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                OnRetry = args =>
                {
                    var reason = args.Outcome.Exception is { } e ? KubernetesErrors.Describe(e) : "no result";
                    Log.Retrying(logger, reason, args.AttemptNumber + 1, options.MaxRetryAttempts + 1, (long)args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            })
            .AddTimeout(options.AttemptTimeout);
    }

    private static bool IsRetryable(Exception exception, CancellationToken cancellationToken) =>
        exception is TimeoutRejectedException
        || KubernetesErrors.IsStale(exception)
        || KubernetesErrors.IsTransient(exception, cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(EventId = 120, Level = LogLevel.Warning, Message = "Kubernetes request failed (attempt {Attempt} of {MaxAttempts}), retrying in {RetryDelayMs} ms: {Reason}")]
        public static partial void Retrying(ILogger logger, string reason, int attempt, int maxAttempts, long retryDelayMs);
    }
}
