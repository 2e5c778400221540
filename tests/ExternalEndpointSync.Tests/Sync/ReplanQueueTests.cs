using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sync;
using Microsoft.Extensions.Time.Testing;

namespace ExternalEndpointSync.Tests.Sync;

public sealed class ReplanQueueTests
{
    private static readonly ServiceKey Alpha = new("default", "alpha");
    private static readonly ServiceKey Beta = new("default", "beta");
    private readonly FakeTimeProvider time = new();

    [Fact]
    public void A_service_waits_once_at_its_earliest_time_and_is_taken_when_due()
    {
        var queue = new ReplanQueue(time);
        queue.Request(Alpha, time.GetUtcNow() + TimeSpan.FromSeconds(30));
        queue.Request(Alpha, time.GetUtcNow() + TimeSpan.FromSeconds(5));
        queue.Request(Alpha, time.GetUtcNow() + TimeSpan.FromSeconds(20));

        Assert.Equal(1, queue.Count);
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(queue.TakeDue());
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([Alpha], queue.TakeDue());
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task A_coalesced_request_wakes_the_reader_later_and_then_everything_due_by_then_is_taken()
    {
        var queue = new ReplanQueue(time);
        queue.Request(Alpha, time.GetUtcNow() + TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1));
        queue.Request(Beta, time.GetUtcNow() + TimeSpan.FromSeconds(5.5), TimeSpan.FromSeconds(1));

        var waiting = queue.WaitAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(5.5));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.5));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([Alpha, Beta], queue.TakeDue().Order(ServiceKey.Ordinal));
    }

    [Fact]
    public async Task A_request_wakes_a_waiting_reader_at_once()
    {
        var queue = new ReplanQueue(time);
        var waiting = queue.WaitAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        queue.RequestNow([Alpha, Beta]);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([Alpha, Beta], queue.TakeDue().Order(ServiceKey.Ordinal));
    }

    [Fact]
    public async Task A_sweep_request_wakes_the_reader_and_requests_before_it_is_taken_are_one_sweep()
    {
        var queue = new ReplanQueue(time);
        var waiting = queue.WaitAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        queue.RequestSweep();
        queue.RequestSweep();
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(queue.TakeSweep());
        Assert.False(queue.TakeSweep());
        Assert.Empty(queue.TakeDue());
    }

    [Fact]
    public async Task A_sweep_not_yet_taken_keeps_the_reader_from_waiting()
    {
        var queue = new ReplanQueue(time);
        queue.RequestSweep();

        await queue.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(queue.TakeSweep());
    }
}
