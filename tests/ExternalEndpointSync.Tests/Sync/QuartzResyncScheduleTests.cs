using System.Reflection;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sync;
using Microsoft.Extensions.Time.Testing;
using Quartz;
using Quartz.Extensibility;
using Quartz.Impl;

namespace ExternalEndpointSync.Tests.Sync;

/// <summary>
/// The Quartz resync schedule without waiting for Quartz: fire times read from the triggers
/// (<see cref="ITrigger.GetFireTimeAfter"/>, misfire handling) on an injected clock, the jobs run
/// directly with a real execution context, and one smoke test on the real clock that the running
/// scheduler fires at all. The scheduler's thread waits on real time, so a fake clock cannot drive it.
/// </summary>
public sealed class QuartzResyncScheduleTests
{
    private static readonly ServiceKey Alpha = new("default", "alpha");
    private static readonly ServiceKey Beta = new("default", "beta");
    private static readonly TimeSpan Ten = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void A_trigger_fires_one_interval_from_now_and_then_on_every_interval_after_it()
    {
        var time = new FakeTimeProvider(Start);
        var trigger = ResyncTrigger.Every(new TriggerKey("t"), Ten, time);

        Assert.Equal(Start + Ten, trigger.StartTimeUtc);
        Assert.Equal(Start + Ten, trigger.GetFireTimeAfter(Start));
        Assert.Equal(Start + (Ten * 2), trigger.GetFireTimeAfter(Start + Ten));
        Assert.Equal(Start + (Ten * 4), trigger.GetFireTimeAfter(Start + (Ten * 3.5)));
        Assert.Null(trigger.EndTimeUtc);
    }

    [Fact]
    public void Runs_missed_in_a_pause_are_skipped_the_next_one_is_the_next_interval_after_it()
    {
        var time = new FakeTimeProvider(Start);
        var trigger = (IOperableTrigger)ResyncTrigger.Every(new TriggerKey("t"), Ten, time);
        trigger.ComputeFirstFireTimeUtc(null);
        Assert.Equal(Start + Ten, trigger.NextFireTimeUtc);

        // Thirty runs missed: the scheduler sees the misfire five minutes late and applies the policy.
        time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(3));
        trigger.UpdateAfterMisfire(null);

        Assert.Equal(SimpleTriggerMisfireInstruction.NextWithRemainingCount, ((ISimpleTrigger)trigger).MisfireInstruction);
        Assert.Equal(Start + TimeSpan.FromMinutes(5) + Ten, trigger.NextFireTimeUtc);
        Assert.True(trigger.NextFireTimeUtc > time.GetUtcNow());
    }

    [Fact]
    public async Task Each_registration_gets_a_trigger_at_its_own_interval_and_the_sweep_one_of_its_own()
    {
        var time = new FakeTimeProvider(Start);
        await using var schedule = await StartedAsync(time);

        await schedule.ScheduleAsync(Alpha, Ten, CancellationToken.None);
        await schedule.ScheduleAsync(Beta, TimeSpan.FromSeconds(30), CancellationToken.None);
        await schedule.ScheduleSweepAsync(TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal((Ten, Start + Ten), await TriggerOfAsync(schedule, QuartzResyncSchedule.JobKeyOf(Alpha)));
        Assert.Equal((TimeSpan.FromSeconds(30), Start + TimeSpan.FromSeconds(30)), await TriggerOfAsync(schedule, QuartzResyncSchedule.JobKeyOf(Beta)));
        Assert.Equal((TimeSpan.FromMinutes(1), Start + TimeSpan.FromMinutes(1)), await TriggerOfAsync(schedule, QuartzResyncSchedule.SweepKey));
    }

    [Fact]
    public async Task The_same_interval_again_keeps_its_times_and_a_new_one_starts_a_grid_from_now()
    {
        var time = new FakeTimeProvider(Start);
        await using var schedule = await StartedAsync(time);
        await schedule.ScheduleAsync(Alpha, Ten, CancellationToken.None);
        await schedule.ScheduleSweepAsync(Ten, CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(5));
        await schedule.ScheduleAsync(Alpha, Ten, CancellationToken.None);
        await schedule.ScheduleSweepAsync(Ten, CancellationToken.None);

        Assert.Equal((Ten, Start + Ten), await TriggerOfAsync(schedule, QuartzResyncSchedule.JobKeyOf(Alpha)));
        Assert.Equal((Ten, Start + Ten), await TriggerOfAsync(schedule, QuartzResyncSchedule.SweepKey));

        await schedule.ScheduleAsync(Alpha, TimeSpan.FromSeconds(30), CancellationToken.None);
        await schedule.ScheduleSweepAsync(TimeSpan.FromSeconds(30), CancellationToken.None);

        var fromNow = Start + TimeSpan.FromSeconds(35);
        Assert.Equal((TimeSpan.FromSeconds(30), fromNow), await TriggerOfAsync(schedule, QuartzResyncSchedule.JobKeyOf(Alpha)));
        Assert.Equal((TimeSpan.FromSeconds(30), fromNow), await TriggerOfAsync(schedule, QuartzResyncSchedule.SweepKey));
    }

    [Fact]
    public async Task An_unscheduled_registration_loses_its_job_and_trigger_while_the_others_keep_theirs()
    {
        var time = new FakeTimeProvider(Start);
        await using var schedule = await StartedAsync(time);
        await schedule.ScheduleAsync(Alpha, Ten, CancellationToken.None);
        await schedule.ScheduleAsync(Beta, Ten, CancellationToken.None);

        await schedule.UnscheduleAsync(Alpha, CancellationToken.None);

        var scheduler = schedule.Scheduler!;
        Assert.False(await scheduler.Exists(QuartzResyncSchedule.JobKeyOf(Alpha)));
        Assert.Null(await scheduler.GetTrigger(TriggerKeyOf(QuartzResyncSchedule.JobKeyOf(Alpha))));
        Assert.Equal((Ten, Start + Ten), await TriggerOfAsync(schedule, QuartzResyncSchedule.JobKeyOf(Beta)));
    }

    [Fact]
    public async Task There_is_no_scheduler_before_the_loop_starts_it_nor_after_it_stops()
    {
        // The loop runs only while leading (one per leader term), so a follower has no scheduler at all.
        var time = new FakeTimeProvider(Start);
        using var queue = new ReplanQueue(time);
        var schedule = new QuartzResyncSchedule(queue, time);
        Assert.Null(schedule.Scheduler);

        await schedule.StartAsync(CancellationToken.None);
        var scheduler = schedule.Scheduler!;
        Assert.Equal(SchedulerStatus.Running, scheduler.Status);
        await schedule.ScheduleAsync(Alpha, Ten, CancellationToken.None);

        await schedule.StopAsync(CancellationToken.None);

        Assert.Null(schedule.Scheduler);
        Assert.Equal(SchedulerStatus.Shutdown, scheduler.Status);
        await Assert.ThrowsAsync<InvalidOperationException>(() => schedule.ScheduleAsync(Beta, Ten, CancellationToken.None));
    }

    [Fact]
    public async Task The_resync_job_only_requests_its_registration_and_the_sweep_job_only_a_sweep()
    {
        var time = new FakeTimeProvider(Start);
        using var queue = new ReplanQueue(time);
        await using var schedule = new QuartzResyncSchedule(queue, time);
        await schedule.StartAsync(CancellationToken.None);
        await schedule.ScheduleAsync(Alpha, Ten, CancellationToken.None);
        await schedule.ScheduleSweepAsync(Ten, CancellationToken.None);

        await new ResyncJob().Execute(await ContextAsync(schedule, QuartzResyncSchedule.JobKeyOf(Alpha), new ResyncJob()));

        Assert.Equal([Alpha], queue.TakeDue());
        Assert.False(queue.TakeSweep());

        await new SweepJob().Execute(await ContextAsync(schedule, QuartzResyncSchedule.SweepKey, new SweepJob()));

        Assert.True(queue.TakeSweep());
        Assert.Empty(queue.TakeDue());
    }

    [Theory]
    [InlineData(typeof(ResyncJob))]
    [InlineData(typeof(SweepJob))]
    public void A_job_never_runs_twice_at_once(Type job) =>
        Assert.NotNull(job.GetCustomAttribute<DisallowConcurrentExecutionAttribute>());

    [Fact]
    public async Task On_the_real_clock_the_running_scheduler_fires_the_resync()
    {
        using var queue = new ReplanQueue(TimeProvider.System);
        await using var schedule = new QuartzResyncSchedule(queue, TimeProvider.System);
        await schedule.StartAsync(CancellationToken.None);

        await schedule.ScheduleAsync(Alpha, TimeSpan.FromMilliseconds(200), CancellationToken.None);

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var due = new HashSet<ServiceKey>();
        while (due.Count == 0)
        {
            await queue.WaitAsync(patience.Token);
            due = queue.TakeDue();
        }

        Assert.Equal([Alpha], due);
    }

    private static async Task<QuartzResyncSchedule> StartedAsync(TimeProvider time)
    {
        var schedule = new QuartzResyncSchedule(new ReplanQueue(time), time);
        await schedule.StartAsync(CancellationToken.None);
        return schedule;
    }

    private static TriggerKey TriggerKeyOf(JobKey job) => new(job.Name, job.Group);

    /// <summary>The trigger's interval and next fire time, as the scheduler's store holds them.</summary>
    private static async Task<(TimeSpan Interval, DateTimeOffset? Next)> TriggerOfAsync(QuartzResyncSchedule schedule, JobKey job)
    {
        var trigger = (ISimpleTrigger)(await schedule.Scheduler!.GetTrigger(TriggerKeyOf(job)))!;
        return (trigger.RepeatInterval, trigger.NextFireTimeUtc);
    }

    /// <summary>What the scheduler hands a job when its trigger fires: its scheduler (and context), job detail and trigger.</summary>
    private static async Task<IJobExecutionContext> ContextAsync(QuartzResyncSchedule schedule, JobKey key, IJob job)
    {
        var scheduler = schedule.Scheduler!;
        var detail = (await scheduler.GetJobDetail(key))!;
        var trigger = (IOperableTrigger)(await scheduler.GetTrigger(TriggerKeyOf(key)))!;
        var fired = trigger.NextFireTimeUtc!.Value;
        var bundle = new TriggerFiredBundle
        {
            JobDetail = detail,
            Trigger = trigger,
            Recovering = false,
            FireTimeUtc = fired,
            ScheduledFireTimeUtc = fired,
            PreviousFireTimeUtc = null,
            NextFireTimeUtc = trigger.GetFireTimeAfter(fired),
        };
        return new JobExecutionContextImpl(scheduler, bundle, job, new SystemTextJsonJobInputSerializer());
    }
}
