using ExternalEndpointSync.Model;
using Quartz;

namespace ExternalEndpointSync.Sync;

/// <summary>
/// The periodic resync of one registration. It only puts the Service on the
/// <see cref="ReplanQueue"/>: the loop does the work, so a slow sync can never pile up runs.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ResyncJob : IJob
{
    public const string QueueKey = "replans";
    public const string NamespaceKey = "namespace";
    public const string NameKey = "name";

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var queue = (ReplanQueue)context.Scheduler.Context[QueueKey]!;
        var data = context.JobDetail.JobDataMap;
        queue.RequestNow(new ServiceKey(data.GetString(NamespaceKey)!, data.GetString(NameKey)!));
        return ValueTask.CompletedTask;
    }
}
