using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Health;

/// <summary>
/// The schedule of <see cref="ProbingMode.Continuous"/>: a timer per address that probes it every
/// interval, each address's first probe spread over the jitter's share of the interval so that
/// addresses added together are not probed in lockstep; that offset stays, so every later
/// interval is the interval itself.
/// </summary>
internal sealed class ContinuousProbing(
    ProbeRecorder recorder,
    double jitter,
    TimeProvider timeProvider,
    InFlightProbes inFlight,
    Action<ProbeRound> recorded,
    ILogger logger)
{
    public void Start(MonitoredService monitored, AddressMonitor monitor)
    {
        ProbeTimer timer;
        TimeSpan firstDelay;
        lock (monitored.Gate)
        {
            if (monitor.Stopped)
            {
                return;
            }

            timer = new ProbeTimer(
                timeProvider,
                () => RunAsync(monitored, monitor),
                () => Interval(monitored),
                inFlight.Track,
                e => HealthLog.ScheduledProbeFaulted(logger, monitored.Key, monitor.Address, e.GetType().Name, e.Message));
            monitor.Timer = timer;
            firstDelay = Interval(monitored) * jitter * Random.Shared.NextDouble();
        }

        timer.Start(firstDelay);
    }

    /// <returns>Reports the completion once the next probe is scheduled; null when the address vanished meanwhile.</returns>
    private async Task<Action?> RunAsync(MonitoredService monitored, AddressMonitor monitor)
    {
        try
        {
            var (result, state) = await recorder.ProbeAndRecordAsync(monitored, monitor, oneShot: false, monitor.Token);
            return () => recorded(new ProbeRound(monitored.Key, monitor.Address, result, state));
        }
        catch (OperationCanceledException) when (monitor.Token.IsCancellationRequested)
        {
            // The address vanished while its probe was in flight; its state is gone with it.
            return null;
        }
    }

    /// <summary>The spec's interval, never below <see cref="ProbingHealthStage.MinimumInterval"/> so a zero cannot busy-loop.</summary>
    private static TimeSpan Interval(MonitoredService monitored)
    {
        TimeSpan interval;
        lock (monitored.Gate)
        {
            interval = monitored.Spec.Interval;
        }

        return interval < ProbingHealthStage.MinimumInterval ? ProbingHealthStage.MinimumInterval : interval;
    }
}
