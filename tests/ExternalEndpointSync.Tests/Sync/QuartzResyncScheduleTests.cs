using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sync;
using ExternalEndpointSync.TestSupport.Time;

namespace ExternalEndpointSync.Tests.Sync;

/// <summary>The Quartz resync schedule on the real clock with short intervals: it only puts services on the re-plan queue.</summary>
public sealed class QuartzResyncScheduleTests
{
    private static readonly ServiceKey Alpha = new("default", "alpha");
    private static readonly ServiceKey Beta = new("default", "beta");
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task A_scheduled_service_is_requested_again_and_again_at_its_interval()
    {
        var queue = new ReplanQueue(TimeProvider.System);
        await using var schedule = new QuartzResyncSchedule(queue, TimeProvider.System);
        await schedule.StartAsync(CancellationToken.None);
        var started = TimeProvider.System.GetUtcNow();

        await schedule.ScheduleAsync(Alpha, Short, CancellationToken.None);
        await NextRequestAsync(queue, Alpha);
        var first = TimeProvider.System.GetUtcNow() - started;
        await NextRequestAsync(queue, Alpha);
        var second = TimeProvider.System.GetUtcNow() - started;

        Assert.True(first >= Short - TimeSpan.FromMilliseconds(20), $"first resync after {first}");
        // Runs are at fixed times from the start (200 ms, 400 ms, …), however late the reader takes them.
        Assert.True(second >= (Short * 2) - TimeSpan.FromMilliseconds(20), $"second resync after {second}, first after {first}");
    }

    [Fact]
    public async Task An_unscheduled_service_is_not_requested_while_the_others_go_on()
    {
        var queue = new ReplanQueue(TimeProvider.System);
        await using var schedule = new QuartzResyncSchedule(queue, TimeProvider.System);
        await schedule.StartAsync(CancellationToken.None);
        await schedule.ScheduleAsync(Alpha, Short, CancellationToken.None);
        await schedule.ScheduleAsync(Beta, Short, CancellationToken.None);

        await schedule.UnscheduleAsync(Alpha, CancellationToken.None);
        queue.TakeDue();
        var requested = new HashSet<ServiceKey>();
        for (var i = 0; i < 3; i++)
        {
            requested.UnionWith(await NextDueAsync(queue));
        }

        Assert.Equal([Beta], requested);
    }

    [Fact]
    public async Task Nothing_is_requested_once_stopped()
    {
        var queue = new ReplanQueue(TimeProvider.System);
        var schedule = new QuartzResyncSchedule(queue, TimeProvider.System);
        await schedule.StartAsync(CancellationToken.None);
        await schedule.ScheduleAsync(Alpha, Short, CancellationToken.None);
        await NextRequestAsync(queue, Alpha);

        await schedule.StopAsync(CancellationToken.None);
        queue.TakeDue();
        using var quiet = new CancellationTokenSource(Short * 3);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.WaitAsync(quiet.Token));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task On_an_injected_clock_it_runs_at_the_interval_and_goes_on_after_a_long_pause()
    {
        var time = new TimerSignallingTimeProvider();
        var queue = new ReplanQueue(time);
        await using var schedule = new QuartzResyncSchedule(queue, time);
        await schedule.StartAsync(CancellationToken.None);
        await schedule.ScheduleAsync(Alpha, TimeSpan.FromSeconds(10), CancellationToken.None);

        time.Fake.Advance(TimeSpan.FromSeconds(10));
        await NextRequestAsync(queue, Alpha);
        // Runs missed in a pause are skipped: the next one is at the next interval after it.
        time.Fake.Advance(TimeSpan.FromMinutes(5));
        time.Fake.Advance(TimeSpan.FromSeconds(10));
        await NextRequestAsync(queue, Alpha);

        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task On_an_injected_clock_the_sweep_runs_at_its_interval_and_the_same_interval_again_keeps_its_times()
    {
        var time = new TimerSignallingTimeProvider();
        var queue = new ReplanQueue(time);
        await using var schedule = new QuartzResyncSchedule(queue, time);
        await schedule.StartAsync(CancellationToken.None);
        await schedule.ScheduleSweepAsync(TimeSpan.FromSeconds(10), CancellationToken.None);

        time.Fake.Advance(TimeSpan.FromSeconds(10));
        await NextSweepAsync(queue);
        // The same interval again keeps the schedule: the next sweep is still 10 s after the last, not 10 s after this call.
        time.Fake.Advance(TimeSpan.FromSeconds(5));
        await schedule.ScheduleSweepAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        time.Fake.Advance(TimeSpan.FromSeconds(5));
        await NextSweepAsync(queue);
        await schedule.ScheduleSweepAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        time.Fake.Advance(TimeSpan.FromSeconds(30));
        await NextSweepAsync(queue);

        // A sweep concerns no registration.
        Assert.Equal(0, queue.Count);
    }

    private static async Task NextSweepAsync(ReplanQueue queue)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!queue.TakeSweep())
        {
            await queue.WaitAsync(patience.Token);
        }
    }

    private static async Task NextRequestAsync(ReplanQueue queue, ServiceKey expected) =>
        Assert.Equal([expected], await NextDueAsync(queue));

    private static async Task<HashSet<ServiceKey>> NextDueAsync(ReplanQueue queue)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            await queue.WaitAsync(patience.Token);
            if (queue.TakeDue() is { Count: > 0 } due)
            {
                return due;
            }
        }
    }
}
