using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using ExternalEndpointSync.Model;
using Microsoft.Extensions.Logging;
using Polly;

namespace ExternalEndpointSync.Sources.Consul;

/// <summary>
/// Endpoints of Consul services. In the worker each registration is watched with blocking queries
/// (<see cref="StartWatching"/>) and every changed answer is announced on <see cref="Changes"/>;
/// <see cref="ResolveAsync"/> returns the watcher's latest answer, or reads once without blocking
/// when nothing watches the registration (<c>sync --once</c>). A failure keeps the last good endpoints.
/// </summary>
public sealed class ConsulSource : IWatchingSource, IAsyncDisposable
{
    private readonly ConsulServiceReader _reader;
    private readonly ResiliencePipeline _retry;
    private readonly ILogger<ConsulSource> _logger;
    private readonly CoalescingChangeChannel _changes = new();
    private readonly ConcurrentDictionary<ServiceKey, ConsulWatcher> _watchers = new();
    private readonly ConcurrentDictionary<ServiceKey, IReadOnlyList<ResolvedEndpoint>> _lastGood = new();
    private readonly ConcurrentDictionary<object, Task> _retiring = new();
    private readonly Lock _watchGate = new();

    /// <param name="client">Used, not owned: the caller disposes it.</param>
    /// <param name="timeProvider">Drives the retry backoff.</param>
    /// <param name="hosts">Resolves instance addresses that are hostnames; the system resolver by default.</param>
    public ConsulSource(
        ConsulSettings settings,
        ConsulClient client,
        ILogger<ConsulSource> logger,
        TimeProvider? timeProvider = null,
        ConsulSourceOptions? options = null,
        IHostResolver? hosts = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(logger);
        _reader = new ConsulServiceReader(client, new ConsulInstanceMapper(hosts), settings);
        _retry = ConsulRetryPipeline.Create(options ?? new ConsulSourceOptions(), timeProvider ?? TimeProvider.System);
        _logger = logger;
    }

    public string Kind => "consul";

    public ChannelReader<ServiceKey> Changes => _changes.Reader;

    /// <summary>How many registrations are watched, and how many retired watchers are still winding down.</summary>
    public (int Watchers, int Retiring) WatcherCounts => (_watchers.Count, _retiring.Count);

    /// <summary>Starts watching a registration, or restarts when its Consul source changed; a no-op when already watching it.</summary>
    public void StartWatching(ExternalServiceSpec service)
    {
        var spec = ConsulSpecOf(service);
        lock (_watchGate)
        {
            if (_watchers.TryGetValue(service.Key, out var existing))
            {
                if (existing.Spec == spec)
                {
                    return;
                }

                Retire(existing);
            }

            var watcher = new ConsulWatcher(service.Key, spec, _reader, _retry, Announce, _logger);
            _watchers[service.Key] = watcher;
            watcher.Start();
        }
    }

    public async Task<SourceResult> ResolveAsync(ExternalServiceSpec service, CancellationToken cancellationToken)
    {
        var spec = ConsulSpecOf(service);
        if (_watchers.TryGetValue(service.Key, out var watcher) && watcher.Spec == spec)
        {
            return await watcher.GetAnswerAsync(cancellationToken);
        }

        try
        {
            var read = await _reader.ReadAsync(spec, 0, cancellationToken);
            _lastGood[service.Key] = read.Result.Endpoints ?? [];
            return read.Result;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = _reader.DescribeFailure(e);
            _logger.ReadFailed(service.Key, spec.Service, error);
            return SourceResult.Failed(error, _lastGood.GetValueOrDefault(service.Key), ConsulServiceReader.IsConfigurationError(e));
        }
    }

    /// <summary>Stops watching a registration and drops its last good answer.</summary>
    public void Forget(ServiceKey service)
    {
        lock (_watchGate)
        {
            if (_watchers.TryRemove(service, out var watcher))
            {
                Retire(watcher);
            }
        }

        _lastGood.TryRemove(service, out _);
    }

    public async ValueTask DisposeAsync()
    {
        _changes.Complete();
        List<ConsulWatcher> watchers;
        lock (_watchGate)
        {
            watchers = [.. _watchers.Values];
            _watchers.Clear();
        }

        foreach (var watcher in watchers)
        {
            await watcher.DisposeAsync();
        }

        await WhenRetiredAsync();
    }

    /// <summary>Completes once every watcher retired so far has wound down and been forgotten.</summary>
    public Task WhenRetiredAsync() => Task.WhenAll(_retiring.Values);

    /// <summary>
    /// Stops a watcher now; its loop winds down in the background, is awaited on dispose, and is
    /// forgotten once done, so that churning registrations retain nothing.
    /// </summary>
    private void Retire(ConsulWatcher watcher)
    {
        watcher.Stop();
        var key = new object();
        _retiring[key] = Task.CompletedTask;
        // TryUpdate fails when the wind-down already finished and removed its entry.
        _retiring.TryUpdate(key, WindDownAsync(watcher, key), Task.CompletedTask);
    }

    private async Task WindDownAsync(ConsulWatcher watcher, object key)
    {
        try
        {
            await watcher.DisposeAsync();
        }
        finally
        {
            _retiring.TryRemove(key, out _);
        }
    }

    private void Announce(ServiceKey service) => _changes.Announce(service);

    private static ConsulSourceSpec ConsulSpecOf(ExternalServiceSpec service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service.Source as ConsulSourceSpec
            ?? throw new ArgumentException($"{service.Key} has no consul source", nameof(service));
    }
}
