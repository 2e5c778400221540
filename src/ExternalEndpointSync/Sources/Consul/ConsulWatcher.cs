using ExternalEndpointSync.Model;
using Microsoft.Extensions.Logging;
using Polly;

namespace ExternalEndpointSync.Sources.Consul;

/// <summary>
/// Watches one registration's Consul service with blocking queries and keeps its latest answer.
/// A changed answer (endpoints or failure, never the index alone) is announced at once; a failure
/// keeps the last good endpoints and is retried with backoff through the retry pipeline.
/// </summary>
internal sealed class ConsulWatcher : IAsyncDisposable
{
    private readonly ServiceKey _key;
    private readonly ConsulServiceReader _reader;
    private readonly ResiliencePipeline _retry;
    private readonly Action<ServiceKey> _announce;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<SourceResult> _firstAnswer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private SourceResult? _latest;
    private ValueList<ResolvedEndpoint>? _lastGood;
    private IReadOnlyList<string> _lastGoodDetails = [];
    private Task _loop = Task.CompletedTask;

    /// <summary>The index the next read blocks on; only the loop and its retry callback touch it, one at a time.</summary>
    private ulong _index;

    public ConsulWatcher(ServiceKey key, ConsulSourceSpec spec, ConsulServiceReader reader, ResiliencePipeline retry, Action<ServiceKey> announce, ILogger logger)
    {
        _key = key;
        Spec = spec;
        _reader = reader;
        _retry = retry;
        _announce = announce;
        _logger = logger;
    }

    public ConsulSourceSpec Spec { get; }

    public void Start()
    {
        _logger.WatchStarted(_key, Spec.Service);
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>The latest answer, or the first one once it arrives.</summary>
    public Task<SourceResult> GetAnswerAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_latest is not null)
            {
                return Task.FromResult(_latest);
            }
        }

        return _firstAnswer.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops the loop without waiting for it; nothing is announced afterwards.</summary>
    public void Stop()
    {
        if (!_stop.IsCancellationRequested)
        {
            _stop.Cancel();
            _logger.WatchStopped(_key, Spec.Service);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Stop();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            ConsulRead read;
            var context = ResilienceContextPool.Shared.Get(stop);
            context.Properties.Set(ConsulRetryPipeline.FailureReporter, ReportFailure);
            try
            {
                read = await _retry.ExecuteAsync(
                    static (ctx, watcher) => new ValueTask<ConsulRead>(watcher._reader.ReadAsync(watcher.Spec, watcher._index, ctx.CancellationToken)),
                    context,
                    this);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }

            var next = ConsulBlockingIndex.Next(_index, read.Index);
            if (next == 0)
            {
                _logger.IndexWentBackwards(_key, Spec.Service, _index, read.Index);
            }

            _index = next;
            Publish(read.Result, read.Index);
        }
    }

    private void Publish(SourceResult answer, ulong index)
    {
        bool changed;
        lock (_gate)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            changed = _latest is null || Comparable(_latest) != Comparable(answer);
            _latest = answer;
            _lastGood = answer.Endpoints;
            _lastGoodDetails = answer.Details;
        }

        _firstAnswer.TrySetResult(answer);
        if (changed)
        {
            _logger.AnswerChanged(_key, Spec.Service, answer.Endpoints?.Count ?? 0, index);
            _announce(_key);
        }
    }

    private void ReportFailure(Exception failure, TimeSpan retryDelay, int attempt)
    {
        // The retry reads afresh without blocking, so that a recovery is published the moment
        // Consul answers again rather than when the next blocking query returns.
        _index = 0;
        var error = _reader.DescribeFailure(failure);
        var isConfigurationError = ConsulServiceReader.IsConfigurationError(failure);
        SourceResult answer;
        bool changed;
        lock (_gate)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            var kept = _lastGood is null ? "no previous answer" : $"keeping the last good answer ({_lastGood.Count} endpoints)";
            answer = SourceResult.Failed(error, _lastGood, isConfigurationError) with
            {
                Details = [.. _lastGoodDetails, $"consul {Spec.Service}: failing, {kept}, retrying in {retryDelay.TotalSeconds:0.#}s"],
            };
            changed = _latest is null || Comparable(_latest) != Comparable(answer);
            _latest = answer;
        }

        // A failure that merely repeats goes to debug, so an outage across many watched services
        // does not flood the log once per retry.
        if (isConfigurationError)
        {
            _logger.RequestRejected(changed ? LogLevel.Error : LogLevel.Debug, _key, Spec.Service, retryDelay, error);
        }
        else
        {
            _logger.RequestFailed(changed ? LogLevel.Warning : LogLevel.Debug, _key, Spec.Service, attempt + 1, retryDelay, error);
        }

        _firstAnswer.TrySetResult(answer);
        if (changed)
        {
            _announce(_key);
        }
    }

    /// <summary>What makes an answer news: everything but how it was obtained and when to ask again.</summary>
    private static SourceResult Comparable(SourceResult answer) => answer with { Details = [], RefreshAt = null };
}
