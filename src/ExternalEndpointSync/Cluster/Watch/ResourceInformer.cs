using System.Net;
using System.Runtime.ExceptionServices;
using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Reporting.Metrics;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Cluster.Watch;

/// <summary>
/// A list+watch cache of one kind (KubernetesClient has no informer; this follows client-go's
/// reflector). <see cref="RunAsync"/> lists once (paged), then watches from the list's
/// resourceVersion with bookmarks and a bounded, jittered <c>timeoutSeconds</c>, and re-watches from
/// the last resourceVersion it saw whenever a watch ends or its connection breaks. Only a 410 Gone
/// (the version was compacted) makes it list again, and that list is diffed against the store, so
/// deletions that happened while no watch was open are delivered as deletes. Failures are retried
/// with jittered exponential backoff and counted. Reads (<see cref="Snapshot"/>, <see cref="Get"/>)
/// never call the API server.
/// </summary>
public sealed partial class ResourceInformer<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ListWatch<T> source;
    private readonly ResourceInformerOptions options;
    private readonly TimeProvider time;
    private readonly SyncMetrics metrics;
    private readonly ILogger logger;
    private readonly Func<double> random;
    private readonly InformerStore<T> store = new();
    private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock subscribersGate = new();
    private Action<ResourceChange<T>>[] subscribers = [];
    private volatile string? resourceVersion;

    public ResourceInformer(ListWatch<T> source, ResourceInformerOptions options, TimeProvider time, SyncMetrics metrics, ILogger logger, Func<double>? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        this.source = source ?? throw new ArgumentNullException(nameof(source));
        this.options = options;
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        this.random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>The first list is in the store: from now on the store is the cluster, as of <see cref="ResourceVersion"/>.</summary>
    public bool HasSynced => synced.Task.IsCompleted;

    /// <summary>The newest resourceVersion seen: a list's, an event's or a bookmark's.</summary>
    public string? ResourceVersion => resourceVersion;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => synced.Task.WaitAsync(cancellationToken);

    /// <summary>Every object known now. The objects are the store's own: never change them.</summary>
    public IReadOnlyList<T> Snapshot() => store.Snapshot();

    /// <summary>The objects known now that belong to the given Services (<see cref="Planning.ClusterState.ServiceOf"/>); the store's own, as <see cref="Snapshot"/>'s.</summary>
    public IReadOnlyList<T> SnapshotOf(IEnumerable<ServiceKey> services) => store.SnapshotOf(services);

    public T? Get(string? @namespace, string name) => store.Get(@namespace, name);

    /// <summary>
    /// Calls <paramref name="handler"/> for every change of the store from now on (the first list's
    /// objects arrive as additions), on the informer's own loop, one at a time and in order: it must
    /// return quickly (enqueue, do not write). Disposing the result unsubscribes.
    /// </summary>
    public IDisposable Subscribe(Action<ResourceChange<T>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (subscribersGate)
        {
            subscribers = [.. subscribers, handler];
        }

        return new Subscription(this, handler);
    }

    /// <summary>Lists and watches until <paramref name="cancellationToken"/> is cancelled; never fails otherwise.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = new WatchBackoff(options.BackoffBase, options.BackoffMax, random);
        var relist = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (relist)
                {
                    await ListAsync(cancellationToken);
                    relist = false;
                }

                var end = await WatchAsync(backoff, cancellationToken);
                relist = end == WatchEnd.Expired;
                metrics.CacheWatchRestarted(source.Resource, end.ToString().ToLowerInvariant());
                Log.WatchEnded(logger, source.Resource, end.ToString(), resourceVersion ?? string.Empty);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                var verb = relist ? "list" : "watch";
                metrics.CacheRequestFailed(verb, source.Resource, e);
                if (!relist && IsExpired(e))
                {
                    relist = true;
                    metrics.CacheWatchRestarted(source.Resource, "expired");
                    Log.WatchEnded(logger, source.Resource, nameof(WatchEnd.Expired), resourceVersion ?? string.Empty);
                    continue;
                }

                if (!relist)
                {
                    metrics.CacheWatchRestarted(source.Resource, "error");
                }

                var delay = backoff.Next();
                Log.Failed(logger, verb, source.Resource, (long)delay.TotalMilliseconds, KubernetesErrors.Describe(e));
                try
                {
                    await Task.Delay(delay, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var (items, listedVersion) = await ListAllAsync(cancellationToken);
        var changes = store.Replace(items, HasSynced ? ResourceChangeOrigin.Relist : ResourceChangeOrigin.FirstList);
        resourceVersion = listedVersion;
        metrics.CacheListed(source.Resource);
        Log.Listed(logger, source.Resource, items.Count, listedVersion, changes.Count(static c => c.Type == ResourceChangeType.Deleted));
        foreach (var change in changes)
        {
            Notify(change);
        }

        // After the first list's notifications, so that a subscriber has seen them all once the informer says it has synced.
        synced.TrySetResult();
    }

    private async Task<(List<T> Items, string ResourceVersion)> ListAllAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var items = new List<T>();
            string? token = null;
            try
            {
                do
                {
                    var page = await source.ListPageAsync(options.PageSize, token, cancellationToken);
                    items.AddRange(page.Items);
                    token = page.Continue;
                    if (token is null)
                    {
                        return (items, page.ResourceVersion);
                    }
                }
                while (true);
            }
            catch (Exception e) when (token is not null && KubernetesErrors.StatusCode(e) == HttpStatusCode.Gone)
            {
                // The continue token expired between pages: a consistent list needs a fresh start.
            }
        }
    }

    private async Task<WatchEnd> WatchAsync(WatchBackoff backoff, CancellationToken cancellationToken)
    {
        var from = resourceVersion ?? string.Empty;
        var timeoutSeconds = (int)(options.MinWatchTimeout.TotalSeconds * (1 + Math.Clamp(random(), 0, 0.999)));
        using var stalled = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds) + options.WatchGrace, time);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stalled.Token);
        Exception? error = null;
        try
        {
            await foreach (var (type, obj) in source.WatchAsync(from, timeoutSeconds, e => error ??= e, watching.Token))
            {
                backoff.Reset();
                var change = type switch
                {
                    WatchEventType.Added or WatchEventType.Modified => store.Upsert(obj, ResourceChangeOrigin.Watch),
                    WatchEventType.Deleted => store.Remove(obj, ResourceChangeOrigin.Watch),
                    _ => null,
                };
                if (obj.Metadata?.ResourceVersion is { Length: > 0 } seen)
                {
                    resourceVersion = seen;
                }

                if (change is not null)
                {
                    Notify(change);
                }
            }
        }
        catch (OperationCanceledException) when (stalled.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return WatchEnd.Stalled;
        }

        if (error is null)
        {
            backoff.Reset();
            return WatchEnd.Closed;
        }

        if (IsExpired(error))
        {
            return WatchEnd.Expired;
        }

        ExceptionDispatchInfo.Throw(error);
        return WatchEnd.Closed;
    }

    /// <summary>410 Gone: as an ERROR event of the watch, or as the answer to the watch request itself.</summary>
    private static bool IsExpired(Exception e) =>
        e is KubernetesException { Status.Code: (int)HttpStatusCode.Gone } || KubernetesErrors.StatusCode(e) == HttpStatusCode.Gone;

    private void Notify(ResourceChange<T> change)
    {
        foreach (var handler in Volatile.Read(ref subscribers))
        {
            try
            {
                handler(change);
            }
            catch (Exception e)
            {
                // One subscriber's bug must not stop the cache or the others.
                Log.SubscriberFailed(logger, source.Resource, e.Message);
            }
        }
    }

    private void Unsubscribe(Action<ResourceChange<T>> handler)
    {
        lock (subscribersGate)
        {
            subscribers = [.. subscribers.Where(h => h != handler)];
        }
    }

    private enum WatchEnd
    {
        /// <summary>The server ended it (its timeout): watch again from the last version.</summary>
        Closed,

        /// <summary>The version was compacted (410 Gone): list again and diff.</summary>
        Expired,

        /// <summary>Nothing ended it well after its timeout: the connection died without a word.</summary>
        Stalled,
    }

    private sealed class Subscription(ResourceInformer<T> informer, Action<ResourceChange<T>> handler) : IDisposable
    {
        public void Dispose() => informer.Unsubscribe(handler);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 240, Level = LogLevel.Information, Message = "Watch cache listed {Count} {Resource} at resourceVersion {ResourceVersion} ({Deleted} gone since the last list)")]
        public static partial void Listed(ILogger logger, string resource, int count, string resourceVersion, int deleted);

        [LoggerMessage(EventId = 241, Level = LogLevel.Debug, Message = "Watch of {Resource} ended ({End}) at resourceVersion {ResourceVersion}")]
        public static partial void WatchEnded(ILogger logger, string resource, string end, string resourceVersion);

        [LoggerMessage(EventId = 242, Level = LogLevel.Warning, Message = "Watch cache {Verb} of {Resource} failed, retrying in {RetryDelayMs} ms: {Reason}")]
        public static partial void Failed(ILogger logger, string verb, string resource, long retryDelayMs, string reason);

        [LoggerMessage(EventId = 243, Level = LogLevel.Error, Message = "A subscriber of the {Resource} watch cache failed: {Error}")]
        public static partial void SubscriberFailed(ILogger logger, string resource, string error);
    }
}
