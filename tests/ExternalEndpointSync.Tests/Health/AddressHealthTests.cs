using ExternalEndpointSync.Health;
using ExternalEndpointSync.Health.Probes;
using Xunit;

namespace ExternalEndpointSync.Tests.Health;

public sealed class AddressHealthTests
{
    private static readonly ProbeResult Up = ProbeResult.Up();
    private static readonly ProbeResult Down = ProbeResult.Down("refused");

    private static (AddressHealth Health, List<HealthState> States, int Transitions) Run(int healthy, int unhealthy, params ProbeResult[] results)
    {
        var health = new AddressHealth();
        var states = new List<HealthState>();
        var transitions = 0;
        foreach (var result in results)
        {
            transitions += health.Record(result, healthy, unhealthy) ? 1 : 0;
            states.Add(health.State);
        }

        return (health, states, transitions);
    }

    [Fact]
    public void Starts_unknown() => Assert.Equal(HealthState.Unknown, new AddressHealth().State);

    [Fact]
    public void Becomes_healthy_after_the_healthy_threshold_of_consecutive_successes()
    {
        var (_, states, transitions) = Run(2, 3, Up, Up, Up);

        Assert.Equal([HealthState.Unknown, HealthState.Healthy, HealthState.Healthy], states);
        Assert.Equal(1, transitions);
    }

    [Fact]
    public void Becomes_unhealthy_after_the_unhealthy_threshold_of_consecutive_failures()
    {
        var (health, states, _) = Run(2, 3, Up, Up, Down, Down, Down);

        Assert.Equal([HealthState.Unknown, HealthState.Healthy, HealthState.Healthy, HealthState.Healthy, HealthState.Unhealthy], states);
        Assert.Equal("refused", health.LastFailure);
    }

    [Fact]
    public void Recovers_after_the_healthy_threshold()
    {
        var (_, states, transitions) = Run(2, 1, Down, Up, Up);

        Assert.Equal([HealthState.Unhealthy, HealthState.Unhealthy, HealthState.Healthy], states);
        Assert.Equal(2, transitions);
    }

    [Fact]
    public void A_flapping_target_keeps_its_state_with_thresholds_2_and_3()
    {
        var (_, states, transitions) = Run(2, 3, Up, Up, Down, Up, Down, Down, Up, Down, Up, Down, Down, Up);

        Assert.All(states.Skip(1), state => Assert.Equal(HealthState.Healthy, state));
        Assert.Equal(1, transitions);
    }

    [Fact]
    public void A_flapping_target_that_never_settled_stays_unknown()
    {
        var (_, states, transitions) = Run(2, 3, Up, Down, Up, Down, Down, Up, Down);

        Assert.All(states, state => Assert.Equal(HealthState.Unknown, state));
        Assert.Equal(0, transitions);
    }

    [Fact]
    public void Thresholds_of_one_follow_every_result()
    {
        var (_, states, transitions) = Run(1, 1, Up, Down, Up);

        Assert.Equal([HealthState.Healthy, HealthState.Unhealthy, HealthState.Healthy], states);
        Assert.Equal(3, transitions);
    }

    [Fact]
    public void A_warning_is_kept_while_up_and_cleared_by_a_failure()
    {
        var health = new AddressHealth();

        health.Record(ProbeResult.Up("expires soon"), 1, 1);
        Assert.Equal("expires soon", health.Warning);

        health.Record(Down, 1, 1);
        Assert.Null(health.Warning);
    }
}
