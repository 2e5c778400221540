using ExternalEndpointSync.Applier;
using k8s.LeaderElection;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Worker;

/// <summary>
/// Runs KubernetesClient's elector for as long as the worker runs, around its weak spots: a
/// failure to reach the API server ends its run with an exception, so it is retried with
/// jittered backoff; leadership starts the work on its own task, so the elector's handler
/// returns at once and never delays a renewal; and the term ends (fence closed, work
/// cancelled) however the elector's run ends, whether or not it raised its event.
/// </summary>
public sealed partial class LeaderElectionLoop(
    ILock leaseLock,
    LeaseTimings timings,
    LeadershipFence fence,
    WorkerStatus status,
    Func<LeaderTerm, Task> leadAsync,
    TimeProvider timeProvider,
    ILogger<LeaderElectionLoop> logger)
{
    private readonly object gate = new();
    private Task term = Task.CompletedTask;
    private CancellationTokenSource? termWork;

    /// <summary>Runs until <paramref name="stopping"/>; true when this replica led at that moment (it should release the lease).</summary>
    public async Task<bool> RunAsync(CancellationToken stopping)
    {
        var failures = 0;
        var ledAtStop = false;
        while (!stopping.IsCancellationRequested)
        {
            using var elector = new LeaderElector(new LeaderElectionConfig(leaseLock)
            {
                LeaseDuration = timings.LeaseDuration,
                RenewDeadline = timings.RenewDeadline,
                RetryPeriod = timings.RetryPeriod,
            });
            elector.OnStartedLeading += () => StartTerm(stopping);
            elector.OnNewLeader += leader => Log.NewLeader(logger, leader);
            elector.OnError += e => Log.ElectionError(logger, KubernetesErrors.Describe(e));
            try
            {
                await elector.RunUntilLeadershipLostAsync(stopping);
                failures = 0;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                failures++;
                var delay = ElectionBackoff.Delay(timings, failures, Random.Shared.NextDouble());
                Log.ElectionFailed(logger, KubernetesErrors.Describe(e), delay.TotalSeconds);
                await DelayAsync(delay, stopping);
            }
            finally
            {
                ledAtStop = EndTerm(leaseLost: !stopping.IsCancellationRequested) && stopping.IsCancellationRequested;
            }
        }

        await term;
        return ledAtStop;
    }

    private void StartTerm(CancellationToken stopping)
    {
        lock (gate)
        {
            var writes = fence.BeginTerm();
            status.TermStarted();
            termWork = CancellationTokenSource.CreateLinkedTokenSource(stopping, writes);
            var started = new LeaderTerm(termWork.Token, writes);
            Log.Leading(logger, leaseLock.Identity);
            term = Task.Run(() => LeadSafelyAsync(started), CancellationToken.None);
        }
    }

    /// <summary>Closes the open term, if any; true when one was open.</summary>
    private bool EndTerm(bool leaseLost)
    {
        lock (gate)
        {
            if (termWork is null)
            {
                return false;
            }

            fence.EndTerm(leaseLost);
            termWork.Cancel();
            termWork.Dispose();
            termWork = null;
            if (leaseLost)
            {
                Log.LeadershipLost(logger, leaseLock.Identity);
            }
            else
            {
                Log.SteppingDown(logger, leaseLock.Identity);
            }

            return true;
        }
    }

    private async Task LeadSafelyAsync(LeaderTerm started)
    {
        try
        {
            await leadAsync(started);
        }
        catch (OperationCanceledException) when (started.Work.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Log.TermFailed(logger, KubernetesErrors.Describe(e));
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, timeProvider, stopping);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 621, Level = LogLevel.Information, Message = "Leading as {Identity}: syncing")]
        public static partial void Leading(ILogger logger, string identity);

        [LoggerMessage(EventId = 622, Level = LogLevel.Warning, Message = "Lost the leader lease as {Identity}: stopped writing")]
        public static partial void LeadershipLost(ILogger logger, string identity);

        [LoggerMessage(EventId = 623, Level = LogLevel.Information, Message = "Stepping down as {Identity}: finishing the writes in flight")]
        public static partial void SteppingDown(ILogger logger, string identity);

        [LoggerMessage(EventId = 624, Level = LogLevel.Information, Message = "The leader is {Leader}")]
        public static partial void NewLeader(ILogger logger, string leader);

        [LoggerMessage(EventId = 625, Level = LogLevel.Warning, Message = "Leader election: {Reason}")]
        public static partial void ElectionError(ILogger logger, string reason);

        [LoggerMessage(EventId = 626, Level = LogLevel.Error, Message = "Leader election failed, retrying in {DelaySeconds:0.0} s: {Reason}")]
        public static partial void ElectionFailed(ILogger logger, string reason, double delaySeconds);

        [LoggerMessage(EventId = 627, Level = LogLevel.Error, Message = "The sync stopped while leading: {Reason}")]
        public static partial void TermFailed(ILogger logger, string reason);
    }
}
