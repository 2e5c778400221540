using Polly;
using Polly.Retry;

namespace ExternalEndpointSync.Sources.Consul;

/// <summary>
/// The retry pipeline of the watchers: every failure except the watcher's own stop is retried, forever, with
/// exponential jittered backoff, so a down or rate-limiting Consul is never hammered. Each failure
/// is reported through the callback a watcher puts into the <see cref="ResilienceContext"/>.
/// </summary>
public static class ConsulRetryPipeline
{
    /// <summary>Receives the failure, the delay before the next attempt and the attempt number.</summary>
    public static ResiliencePropertyKey<Action<Exception, TimeSpan, int>> FailureReporter { get; } = new("consul.failure-reporter");

    public static ResiliencePipeline Create(ConsulSourceOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                // A cancellation that is not the watcher stopping (a resolver's own timeout) is a failure like any other.
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Exception is { } failure
                    && !(failure is OperationCanceledException && args.Context.CancellationToken.IsCancellationRequested)),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BackoffDelay,
                MaxDelay = options.MaxBackoffDelay,
                OnRetry = static args =>
                {
                    if (args.Outcome.Exception is { } failure && args.Context.Properties.TryGetValue(FailureReporter, out var report))
                    {
                        report(failure, args.RetryDelay, args.AttemptNumber);
                    }

                    return default;
                },
            })
            .Build();
    }
}
