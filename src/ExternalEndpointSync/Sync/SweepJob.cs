using Quartz;

namespace ExternalEndpointSync.Sync;

/// <summary>
/// The periodic sweep for what is owned and no longer registered. It only asks the
/// <see cref="ReplanQueue"/> for it: the loop lists and deletes, so this job never calls the API.
/// </summary>
[DisallowConcurrentExecution]
public sealed class SweepJob : IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ((ReplanQueue)context.Scheduler.Context[ResyncJob.QueueKey]!).RequestSweep();
        return ValueTask.CompletedTask;
    }
}
