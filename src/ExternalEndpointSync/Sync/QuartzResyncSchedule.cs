using ExternalEndpointSync.Model;
using Quartz;

namespace ExternalEndpointSync.Sync;

/// <summary>
/// Resyncs with Quartz: one <see cref="ResyncJob"/> per registration on a <see cref="ResyncTrigger"/> at its
/// interval, and one <see cref="SweepJob"/> at the sweep interval, in a RAM store of a scheduler
/// of its own that lives from <see cref="StartAsync"/> to <see cref="StopAsync"/>. Runs missed
/// while the process was busy are skipped, not caught up: one resync or sweep covers them all.
/// </summary>
public sealed class QuartzResyncSchedule(ReplanQueue queue, TimeProvider timeProvider) : IResyncSchedule, IAsyncDisposable
{
    private const string Group = "resync";
    internal static readonly JobKey SweepKey = new("sweep", "sweep");

    private StandaloneSchedulerFactory? _factory;
    private IScheduler? _scheduler;

    /// <summary>The scheduler of the running schedule (null before start and after stop), whose triggers tests read.</summary>
    internal IScheduler? Scheduler => _scheduler;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _factory = QuartzSchedulerBuilder.Create(q =>
        {
            // A name of its own: schedulers are looked up by name, and a new leader term builds a new one.
            q.ConfigureScheduler(static o => o.InstanceName = $"resync-{Guid.NewGuid():N}");
            q.UseInMemoryStore(static _ => { });
            q.UseDefaultThreadPool(1);
            q.UseTimeProvider(timeProvider);
        }).Build();
        _scheduler = await _factory.GetScheduler(cancellationToken);
        _scheduler.Context.Add(ResyncJob.QueueKey, queue);
        await _scheduler.Start(cancellationToken);
    }

    public async Task ScheduleAsync(ServiceKey service, TimeSpan interval, CancellationToken cancellationToken)
    {
        var job = JobBuilder.Create<ResyncJob>()
            .WithIdentity(JobKeyOf(service))
            .UsingJobData(ResyncJob.NamespaceKey, service.Namespace)
            .UsingJobData(ResyncJob.NameKey, service.Name)
            .Build();
        await ScheduleEveryAsync(job, interval, cancellationToken);
    }

    public async Task ScheduleSweepAsync(TimeSpan interval, CancellationToken cancellationToken) =>
        await ScheduleEveryAsync(JobBuilder.Create<SweepJob>().WithIdentity(SweepKey).Build(), interval, cancellationToken);

    public async Task UnscheduleAsync(ServiceKey service, CancellationToken cancellationToken)
    {
        if (_scheduler is { } scheduler)
        {
            await scheduler.DeleteJob(JobKeyOf(service), cancellationToken);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_factory is { } factory)
        {
            _factory = null;
            _scheduler = null;
            await factory.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    /// <summary>Runs <paramref name="job"/> every <paramref name="interval"/> from now on, unless it already runs at that interval.</summary>
    private async Task ScheduleEveryAsync(IJobDetail job, TimeSpan interval, CancellationToken cancellationToken)
    {
        var scheduler = _scheduler ?? throw new InvalidOperationException("the resync schedule is not started");
        var triggerKey = new TriggerKey(job.Key.Name, job.Key.Group);
        if (await scheduler.GetTrigger(triggerKey, cancellationToken) is ISimpleTrigger existing && existing.RepeatInterval == interval)
        {
            return;
        }

        await scheduler.ScheduleJob(job, ResyncTrigger.Every(triggerKey, interval, timeProvider), ScheduleJobOptions.Replacing, cancellationToken);
    }

    internal static JobKey JobKeyOf(ServiceKey service) => new(service.ToString(), Group);
}
