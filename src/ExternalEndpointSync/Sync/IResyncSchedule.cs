using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sync;

/// <summary>
/// Re-plans every registration at its own resync interval, and sweeps for what is owned and no
/// longer registered at one interval of its own, by requesting them on the
/// <see cref="ReplanQueue"/>; it does nothing else. It runs only while the loop runs.
/// </summary>
public interface IResyncSchedule
{
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Resyncs <paramref name="service"/> every <paramref name="interval"/> from now on, replacing an earlier schedule.</summary>
    Task ScheduleAsync(ServiceKey service, TimeSpan interval, CancellationToken cancellationToken);

    Task UnscheduleAsync(ServiceKey service, CancellationToken cancellationToken);

    /// <summary>
    /// Sweeps every <paramref name="interval"/> from now on, replacing an earlier sweep schedule;
    /// the interval it already has keeps its schedule as it is.
    /// </summary>
    Task ScheduleSweepAsync(TimeSpan interval, CancellationToken cancellationToken);

    /// <summary>Stops every schedule; nothing is requested afterwards.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
