using System.Threading.Channels;
using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Reporting;
using ExternalEndpointSync.Sources;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Sync;

/// <summary>
/// Keeps syncing until stopped: everything on every resync interval, and in between only the
/// services that need it — the moment a source or the health stage announces a change, and when
/// a source's answer is due for refresh (a DNS TTL running out). A service whose sync failed is
/// retried with backoff (<see cref="SyncRetrySchedule"/>). Nothing polls faster than that.
/// </summary>
public sealed partial class SyncLoop(
    SyncEngine engine,
    IEnumerable<IEndpointSource> sources,
    IEnumerable<IServiceChangeNotifier> notifiers,
    TimeProvider timeProvider,
    ILogger<SyncLoop> logger)
{
    /// <summary>
    /// How long the loop waits after the first refresh comes due, so that services whose answers
    /// expire close together are synced with one read of the cluster instead of one each.
    /// </summary>
    public static readonly TimeSpan RefreshCoalescing = TimeSpan.FromSeconds(1);

    public async Task RunAsync(SyncConfig config, SyncOptions options, Func<SyncReport, CancellationToken, Task> onReport, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(onReport);
        var registered = config.Services.Select(static s => s.Key).ToHashSet();
        foreach (var watching in sources.OfType<IWatchingSource>())
        {
            foreach (var service in config.Services.Where(s => s.Source?.Kind == watching.Kind))
            {
                watching.StartWatching(service);
            }
        }

        var changed = new CoalescingChangeChannel();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pumps = notifiers.Select(n => PumpAsync(n.Changes, changed, stop.Token)).ToList();
        var interval = config.Services.Count == 0 ? TimeSpan.FromSeconds(30) : config.Services.Min(static s => s.ResyncInterval);
        var retries = new SyncRetrySchedule(timeProvider, interval);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var report = await SyncSafelyAsync(() => engine.SyncOnceAsync(config.Services, options, cancellationToken), cancellationToken);
                var refreshes = RefreshTimes(report);
                ScheduleRetries(retries, registered, report);
                if (report is not null)
                {
                    await onReport(report, cancellationToken);
                }

                var nextFull = timeProvider.GetUtcNow() + interval;
                while (timeProvider.GetUtcNow() < nextFull)
                {
                    var due = await WaitForWorkAsync(changed.Reader, refreshes, retries, nextFull, cancellationToken);
                    due.IntersectWith(registered);
                    if (due.Count == 0)
                    {
                        continue;
                    }

                    Log.Resyncing(logger, due.Count, string.Join(", ", due.Order(ServiceKey.Ordinal)));
                    var partial = await SyncSafelyAsync(() => engine.SyncServicesAsync(config.Services, due, options, cancellationToken), cancellationToken);
                    foreach (var key in due)
                    {
                        refreshes.Remove(key);
                    }

                    ScheduleRetries(retries, due, partial);
                    if (partial is not null)
                    {
                        foreach (var (key, at) in RefreshTimes(partial))
                        {
                            refreshes[key] = at;
                        }

                        await onReport(partial, cancellationToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(pumps);
            changed.Complete();
        }
    }

    /// <summary>
    /// A registration whose sync failed stays due and is retried with backoff; without a report
    /// (the sync itself failed) every registration it covered failed.
    /// </summary>
    private static void ScheduleRetries(SyncRetrySchedule retries, IReadOnlySet<ServiceKey> attempted, SyncReport? report)
    {
        var failed = report is null
            ? attempted
            : report.Services.Where(static s => s.Status == ServiceStatus.Failed).Select(static s => s.Key).ToHashSet();
        foreach (var key in attempted)
        {
            if (failed.Contains(key))
            {
                retries.Failed(key);
            }
            else
            {
                retries.Succeeded(key);
            }
        }
    }

    /// <summary>Waits for an announced change, a refresh coming due, or the next full resync; returns the services to sync now.</summary>
    private async Task<HashSet<ServiceKey>> WaitForWorkAsync(
        ChannelReader<ServiceKey> changed,
        Dictionary<ServiceKey, DateTimeOffset> refreshes,
        SyncRetrySchedule retries,
        DateTimeOffset nextFull,
        CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var wakeAt = refreshes.Count == 0 ? nextFull : new[] { nextFull, refreshes.Values.Min() + RefreshCoalescing }.Min();
        if (retries.NextDueAt is { } retryAt && retryAt < wakeAt)
        {
            wakeAt = retryAt;
        }

        if (!changed.TryPeek(out _) && wakeAt > now)
        {
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var announced = changed.WaitToReadAsync(waiting.Token).AsTask();
            var timer = Task.Delay(wakeAt - now, timeProvider, waiting.Token);
            await Task.WhenAny(announced, timer);
            await waiting.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }

        var due = new HashSet<ServiceKey>();
        while (changed.TryRead(out var key))
        {
            due.Add(key);
        }

        now = timeProvider.GetUtcNow();
        due.UnionWith(refreshes.Where(r => r.Value <= now).Select(static r => r.Key));
        due.UnionWith(retries.Due());
        return due;
    }

    private async Task<SyncReport?> SyncSafelyAsync(Func<Task<SyncReport>> sync, CancellationToken cancellationToken)
    {
        try
        {
            return await sync();
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The cluster could not be read; what this sync covered is retried with backoff.
            Log.SyncFailed(logger, KubernetesErrors.Describe(e));
            return null;
        }
    }

    private static Dictionary<ServiceKey, DateTimeOffset> RefreshTimes(SyncReport? report) =>
        report?.Services.Where(static s => s.RefreshAt is not null).ToDictionary(static s => s.Key, static s => s.RefreshAt!.Value) ?? [];

    private static async Task PumpAsync(ChannelReader<ServiceKey> from, CoalescingChangeChannel to, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var key in from.ReadAllAsync(cancellationToken))
            {
                to.Announce(key);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 220, Level = LogLevel.Information, Message = "Re-syncing {Count} changed services: {Services}")]
        public static partial void Resyncing(ILogger logger, int count, string services);

        [LoggerMessage(EventId = 221, Level = LogLevel.Error, Message = "Sync failed, retrying with backoff: {Reason}")]
        public static partial void SyncFailed(ILogger logger, string reason);
    }
}
