using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sync;

/// <summary>
/// Re-plans every registration at its own resync interval, by requesting it on the
/// <see cref="ReplanQueue"/>; it does nothing else. It runs only while the loop runs.
/// </summary>
public interface IResyncSchedule
{
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Resyncs <paramref name="service"/> every <paramref name="interval"/> from now on, replacing an earlier schedule.</summary>
    Task ScheduleAsync(ServiceKey service, TimeSpan interval, CancellationToken cancellationToken);

    Task UnscheduleAsync(ServiceKey service, CancellationToken cancellationToken);

    /// <summary>Stops every schedule; nothing is requested afterwards.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
