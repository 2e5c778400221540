using System.Threading.Channels;
using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations;
using ExternalEndpointSync.Reporting;
using ExternalEndpointSync.Reporting.Metrics;
using ExternalEndpointSync.Sources;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Sync;

/// <summary>
/// Keeps syncing until stopped: everything once at the start, then only the services the
/// <see cref="ReplanQueue"/> says are due — announced by a source or the health stage, a
/// source's answer due for refresh, a retry with backoff (<see cref="SyncRetrySchedule"/>), or
/// the service's own resync interval (<see cref="IResyncSchedule"/>). Registrations come and go
/// through the <see cref="IRegistrationSource"/>: a removed one stops being watched and probed,
/// and its objects are deleted under the sync policy. So are, at every sweep (at the shortest
/// resync interval), owned objects no registration claims, left by a registration removed while
/// the process was down or by another replica's older configuration.
/// </summary>
public sealed partial class SyncLoop(
    SyncEngine engine,
    IEnumerable<IEndpointSource> sources,
    IEnumerable<IServiceChangeNotifier> notifiers,
    IHealthStage health,
    ReplanQueue replans,
    IResyncSchedule resyncs,
    TimeProvider timeProvider,
    SyncMetrics metrics,
    ILogger<SyncLoop> logger)
{
    public async Task RunAsync(
        IRegistrationSource registrations, SyncOptions options, Func<SyncReport, CancellationToken, Task> onReport, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        ArgumentNullException.ThrowIfNull(onReport);
        var registered = new RegisteredServices(registrations.Current);
        var retries = new SyncRetrySchedule(timeProvider, registered.ShortestResyncInterval);
        var removed = new HashSet<ServiceKey>();
        var follower = new RegistrationFollower(sources, health, resyncs, logger);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pumps = notifiers.Select(n => PumpAsync(n.Changes, stop.Token)).ToList();
        try
        {
            await resyncs.StartAsync(cancellationToken);
            foreach (var key in registered.Keys)
            {
                await follower.FollowAsync(registered.Winner(key)!, cancellationToken);
            }

            await follower.ScheduleSweepAsync(registered, cancellationToken);

            // Everything is synced at the start, and again whenever that failed, so that what is
            // owned but no longer registered is cleaned up too.
            var full = true;
            var started = false;
            while (!cancellationToken.IsCancellationRequested)
            {
                var due = new HashSet<ServiceKey>();
                var sweep = false;
                if (started)
                {
                    await WaitAsync(registrations.Changes, cancellationToken);
                    foreach (var key in await follower.ApplyChangesAsync(registrations.Changes, registered, removed, cancellationToken))
                    {
                        replans.RequestNow(key);
                    }

                    due = replans.TakeDue();
                    due.RemoveWhere(key => registered.Winner(key) is null && !removed.Contains(key));
                    sweep = replans.TakeSweep();
                    if (due.Count == 0 && !sweep)
                    {
                        continue;
                    }
                }

                started = true;
                if (full)
                {
                    // A full sync deletes what is no longer registered too: it stands for a sweep taken with it.
                    var all = registered.Keys.Concat(removed).ToHashSet();
                    var report = await SyncSafelyAsync(() => engine.SyncOnceAsync(registered.All, options, cancellationToken), cancellationToken);
                    full = report is null;
                    await FinishAsync(retries, all, report, removed, onReport, cancellationToken);
                    continue;
                }

                if (due.Count > 0)
                {
                    Log.Resyncing(logger, due.Count, ServiceKeySummary.Of(due));
                    if (logger.IsEnabled(LogLevel.Debug))
                    {
                        Log.ResyncingAll(logger, ServiceKeySummary.All(due));
                    }

                    var partial = await SyncSafelyAsync(() => engine.SyncServicesAsync(registered.Of(due), due, options, cancellationToken), cancellationToken);
                    await FinishAsync(retries, due, partial, removed, onReport, cancellationToken);
                }

                if (sweep)
                {
                    await SweepAsync(registered, options, retries, removed, onReport, cancellationToken);
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
            await resyncs.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Waits for a re-plan to come due or a registration to change.</summary>
    private async Task WaitAsync(ChannelReader<RegistrationChange> changes, CancellationToken cancellationToken)
    {
        if (changes.TryPeek(out _))
        {
            return;
        }

        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(replans.WaitAsync(waiting.Token), changes.WaitToReadAsync(waiting.Token).AsTask());
        await waiting.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// Deletes, under the sync policy, what is owned and no longer registered. An orphan whose
    /// delete failed is retried with backoff as a removed registration is. The report is passed on
    /// only when the sweep deleted or failed something: a sweep that finds nothing, or only what
    /// the policy keeps, has nothing to say at every interval.
    /// </summary>
    private async Task SweepAsync(
        RegisteredServices registered,
        SyncOptions options,
        SyncRetrySchedule retries,
        HashSet<ServiceKey> removed,
        Func<SyncReport, CancellationToken, Task> onReport,
        CancellationToken cancellationToken)
    {
        SyncReport report;
        try
        {
            report = await engine.SweepAsync(registered.All, options, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Nothing is known to be left over, so nothing is retried; the next sweep looks again.
            Log.SweepFailed(logger, KubernetesErrors.Describe(e));
            return;
        }

        var orphans = report.Services.Select(static s => s.Key).ToHashSet();
        removed.UnionWith(orphans);
        await FinishAsync(retries, orphans, report, removed, report.Deleted > 0 || report.Failed > 0 ? onReport : static (_, _) => Task.CompletedTask, cancellationToken);
        Log.Swept(logger, orphans.Count);
    }

    /// <summary>
    /// A registration whose sync failed is requested again with backoff; without a report (the
    /// sync itself failed) every registration it covered failed. A removed one whose objects
    /// are gone (or kept by the policy) is done with.
    /// </summary>
    private async Task FinishAsync(
        SyncRetrySchedule retries,
        IReadOnlySet<ServiceKey> attempted,
        SyncReport? report,
        HashSet<ServiceKey> removed,
        Func<SyncReport, CancellationToken, Task> onReport,
        CancellationToken cancellationToken)
    {
        var failed = report is null
            ? attempted
            // A second registration of a Service is reported failed beside the first one's report;
            // retrying cannot help it, so only a Service with nothing but failures is retried.
            : report.Services.GroupBy(static s => s.Key).Where(static g => g.All(static s => s.Status == ServiceStatus.Failed)).Select(static g => g.Key).ToHashSet();
        foreach (var key in attempted)
        {
            if (failed.Contains(key))
            {
                replans.Request(key, retries.Failed(key));
            }
            else
            {
                retries.Succeeded(key);
                removed.Remove(key);
            }
        }

        if (report is not null)
        {
            await onReport(report, cancellationToken);
        }
    }

    private async Task<SyncReport?> SyncSafelyAsync(Func<Task<SyncReport>> sync, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        try
        {
            var report = await sync();
            metrics.Synced(report, timeProvider.GetElapsedTime(started));
            return report;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The cluster could not be read; what this sync covered is retried with backoff.
            metrics.Synced(null, timeProvider.GetElapsedTime(started));
            Log.SyncFailed(logger, KubernetesErrors.Describe(e));
            return null;
        }
    }

    private async Task PumpAsync(ChannelReader<ServiceKey> from, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var key in from.ReadAllAsync(cancellationToken))
            {
                replans.RequestNow(key);
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

        [LoggerMessage(EventId = 225, Level = LogLevel.Debug, Message = "Re-syncing these services: {Services}")]
        public static partial void ResyncingAll(ILogger logger, string services);

        [LoggerMessage(EventId = 221, Level = LogLevel.Error, Message = "Sync failed, retrying with backoff: {Reason}")]
        public static partial void SyncFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 223, Level = LogLevel.Debug, Message = "Orphan sweep: {Orphans} owned Services are no longer registered")]
        public static partial void Swept(ILogger logger, int orphans);

        [LoggerMessage(EventId = 224, Level = LogLevel.Error, Message = "Orphan sweep failed, trying again at the next one: {Reason}")]
        public static partial void SweepFailed(ILogger logger, string reason);
    }
}
