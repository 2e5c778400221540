using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sync;
using Microsoft.Extensions.Time.Testing;

namespace ExternalEndpointSync.Tests.Sync;

public sealed class SyncRetryScheduleTests
{
    private static readonly ServiceKey Alpha = new("default", "alpha");
    private static readonly ServiceKey Beta = new("default", "beta");

    [Theory]
    [InlineData(0.0, 1, 0.5)]
    [InlineData(1.0, 1, 1)]
    [InlineData(1.0, 3, 4)]
    [InlineData(0.0, 4, 4)]
    [InlineData(1.0, 10, 30)]
    [InlineData(1.0, 2_000_000, 30)]
    public void The_delay_doubles_per_attempt_is_jittered_into_its_upper_half_and_is_capped(double random, int attempts, double expectedSeconds)
    {
        var schedule = new SyncRetrySchedule(new FakeTimeProvider(), TimeSpan.FromSeconds(30), () => random);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), schedule.DelayAfter(attempts));
    }

    [Fact]
    public void Each_service_backs_off_on_its_own_and_a_success_forgets_it()
    {
        var time = new FakeTimeProvider();
        var schedule = new SyncRetrySchedule(time, TimeSpan.FromSeconds(30), () => 1.0);
        var alphaFirst = schedule.Failed(Alpha);
        var alphaSecond = schedule.Failed(Alpha);
        var betaFirst = schedule.Failed(Beta);

        Assert.Equal(time.GetUtcNow() + TimeSpan.FromSeconds(1), alphaFirst);
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromSeconds(2), alphaSecond);
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromSeconds(1), betaFirst);

        schedule.Succeeded(Alpha);
        Assert.Equal(1, schedule.Count);
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromSeconds(1), schedule.Failed(Alpha));
        schedule.Succeeded(Alpha);
        schedule.Succeeded(Beta);
        Assert.Equal(0, schedule.Count);
    }
}
