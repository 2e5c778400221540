using ExternalEndpointSync.Health.Probes;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Reporting.Metrics;
using ExternalEndpointSync.Sources;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Health;

/// <summary>
/// Runs one probe of an address, within the limit of probes at once, records the result in the
/// address's rise/fall state, announces a transition and logs it. Both probing modes go through it.
/// </summary>
/// <param name="inFlight">Bounds the probes running at once; owned by the stage.</param>
/// <param name="metrics">Counts and times every probe run; none in tests of the stage alone.</param>
internal sealed class ProbeRecorder(
    ProbeExecutor executor, SemaphoreSlim inFlight, CoalescingChangeChannel transitions, TimeProvider timeProvider, SyncMetrics? metrics, ILogger logger)
{
    /// <param name="oneShot">Record with thresholds of 1: a one-shot run has no earlier results to rise or fall from.</param>
    public async Task<(ProbeResult Result, HealthState State)> ProbeAndRecordAsync(MonitoredService monitored, AddressMonitor monitor, bool oneShot, CancellationToken cancellationToken)
    {
        HealthCheckSpec spec;
        lock (monitored.Gate)
        {
            spec = monitored.Spec;
        }

        var result = monitor.Target is null
            ? ProbeResult.Down(monitor.TargetError ?? "cannot be probed")
            : await RunLimitedAsync(monitor.Target, spec, cancellationToken);

        bool changed;
        HealthState state;
        string? previousWarning;
        lock (monitored.Gate)
        {
            if (monitor.Stopped)
            {
                return (result, monitor.Health.State);
            }

            previousWarning = monitor.Health.Warning;
            changed = oneShot
                ? monitor.Health.Record(result, 1, 1)
                : monitor.Health.Record(result, spec.HealthyThreshold, spec.UnhealthyThreshold);
            state = monitor.Health.State;
        }

        // Announced before logging, so that a failing log sink cannot swallow a transition.
        if (changed)
        {
            transitions.Announce(monitored.Key);
            metrics?.HealthTransition(state);
        }

        Log(monitored.Key, monitor.Address, result, state, changed, previousWarning);

        return (result, state);
    }

    private async Task<ProbeResult> RunLimitedAsync(ProbeTarget target, HealthCheckSpec spec, CancellationToken cancellationToken)
    {
        await inFlight.WaitAsync(cancellationToken);
        try
        {
            var started = timeProvider.GetTimestamp();
            var result = await executor.RunAsync(target, spec, cancellationToken);
            metrics?.Probed(spec.Type, result.Succeeded, timeProvider.GetElapsedTime(started));
            return result;
        }
        finally
        {
            inFlight.Release();
        }
    }

    private void Log(ServiceKey service, string address, ProbeResult result, HealthState state, bool changed, string? previousWarning)
    {
        if (!result.Succeeded)
        {
            HealthLog.ProbeFailed(logger, service, address, result.Failure ?? "probe failed");
        }
        else if (result.Warning is not null && result.Warning != previousWarning)
        {
            HealthLog.ProbeWarning(logger, service, address, result.Warning);
        }

        if (changed && state == HealthState.Healthy)
        {
            HealthLog.AddressHealthy(logger, service, address);
        }
        else if (changed)
        {
            HealthLog.AddressUnhealthy(logger, service, address, result.Failure ?? "probe failed");
        }
    }
}
