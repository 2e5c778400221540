using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ExternalEndpointSync.Kubernetes;

/// <summary>The Polly pipeline every Kubernetes API call goes through.</summary>
public static class KubernetesResilience
{
    public const string PipelineName = "kubernetes";

    /// <summary>
    /// Retries transient failures and stale-resourceVersion conflicts with jittered exponential
    /// backoff; each attempt has its own timeout. The caller re-reads the object before the next
    /// attempt when the failure was a conflict.
    /// </summary>
    public static ResiliencePipelineBuilder Configure(ResiliencePipelineBuilder builder, KubernetesRetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        return builder
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsRetryable(e, args.Context.CancellationToken)),
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
            })
            .AddTimeout(options.AttemptTimeout);
    }

    private static bool IsRetryable(Exception exception, CancellationToken cancellationToken) =>
        exception is TimeoutRejectedException
        || KubernetesErrors.IsStale(exception)
        || KubernetesErrors.IsTransient(exception, cancellationToken);
}
