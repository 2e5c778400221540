using Quartz;

namespace ExternalEndpointSync.Sync;

/// <summary>
/// When a resync or sweep runs: one interval from now, then every interval on that grid. A run
/// missed while the scheduler could not fire (a busy process, a paused VM) is skipped, not caught
/// up: the next run is the next grid point after the scheduler notices, since one resync covers them all.
/// </summary>
public static class ResyncTrigger
{
    public static ITrigger Every(TriggerKey key, TimeSpan interval, TimeProvider timeProvider) =>
        TriggerBuilder.Create(timeProvider)
            .WithIdentity(key)
            .StartAt(timeProvider.GetUtcNow() + interval)
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();
}
