using ExternalEndpointSync.Health;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;
using Xunit;

namespace ExternalEndpointSync.Tests.Health;

public sealed class HealthPublicationTests
{
    private static readonly HealthCheckSpec Tcp = new() { Type = HealthCheckType.Tcp };

    private static AddressStatus Status(string address, HealthState state, bool? sourceReady = null) =>
        new(new ResolvedEndpoint { Address = address, SourceReady = sourceReady }, state, state == HealthState.Unhealthy ? "refused" : null);

    private static IEnumerable<(string Address, bool Ready, bool Serving)> Published(HealthOutcome outcome) =>
        outcome.Endpoints.Select(static e => (e.Address, e.Ready, e.Serving));

    [Fact]
    public void Healthy_is_ready_and_unhealthy_is_not_ready_and_not_serving()
    {
        var outcome = HealthPublication.Publish(Tcp, [Status("10.0.0.1", HealthState.Healthy), Status("10.0.0.2", HealthState.Unhealthy)]);

        Assert.Equal([("10.0.0.1", true, true), ("10.0.0.2", false, false)], Published(outcome));
        Assert.Equal((1, 1, 0, false), (outcome.Report.Healthy, outcome.Report.Unhealthy, outcome.Report.Unknown, outcome.Report.Panicked));
        Assert.Equal("refused", outcome.Report.LastFailures["10.0.0.2"]);
        Assert.True(outcome.Report.Checked);
    }

    [Fact]
    public void Remove_drops_unhealthy_addresses()
    {
        var outcome = HealthPublication.Publish(Tcp with { Unhealthy = UnhealthyAction.Remove }, [Status("10.0.0.1", HealthState.Healthy), Status("10.0.0.2", HealthState.Unhealthy)]);

        Assert.Equal([("10.0.0.1", true, true)], Published(outcome));
        Assert.Equal(1, outcome.Report.Unhealthy);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Unknown_addresses_follow_InitialHealthy(bool initialHealthy, bool ready)
    {
        var outcome = HealthPublication.Publish(Tcp with { InitialHealthy = initialHealthy }, [Status("10.0.0.1", HealthState.Unknown), Status("10.0.0.2", HealthState.Healthy)]);

        Assert.Equal([("10.0.0.1", ready, ready), ("10.0.0.2", true, true)], Published(outcome));
        Assert.Equal(1, outcome.Report.Unknown);
    }

    [Fact]
    public void Panic_publishes_every_address_ready_when_all_are_unhealthy()
    {
        var outcome = HealthPublication.Publish(Tcp, [Status("10.0.0.1", HealthState.Unhealthy), Status("10.0.0.2", HealthState.Unhealthy)]);

        Assert.Equal([("10.0.0.1", true, true), ("10.0.0.2", true, true)], Published(outcome));
        Assert.True(outcome.Report.Panicked);
        Assert.Equal(2, outcome.Report.LastFailures.Count);
    }

    [Fact]
    public void Panic_overrides_remove()
    {
        var outcome = HealthPublication.Publish(Tcp with { Unhealthy = UnhealthyAction.Remove }, [Status("10.0.0.1", HealthState.Unhealthy)]);

        Assert.Equal([("10.0.0.1", true, true)], Published(outcome));
        Assert.True(outcome.Report.Panicked);
    }

    [Fact]
    public void Without_panic_every_address_is_not_ready()
    {
        var outcome = HealthPublication.Publish(Tcp with { Panic = false }, [Status("10.0.0.1", HealthState.Unhealthy), Status("10.0.0.2", HealthState.Unhealthy)]);

        Assert.Equal([("10.0.0.1", false, false), ("10.0.0.2", false, false)], Published(outcome));
        Assert.False(outcome.Report.Panicked);
    }

    [Fact]
    public void Panic_needs_every_address_unhealthy()
    {
        var outcome = HealthPublication.Publish(Tcp with { InitialHealthy = false }, [Status("10.0.0.1", HealthState.Unhealthy), Status("10.0.0.2", HealthState.Unknown)]);

        Assert.False(outcome.Report.Panicked);
        Assert.All(outcome.Endpoints, e => Assert.False(e.Ready));
    }

    [Fact]
    public void An_address_its_source_marks_not_ready_stays_not_ready_even_in_panic()
    {
        var healthy = HealthPublication.Publish(Tcp, [Status("10.0.0.1", HealthState.Healthy, sourceReady: false), Status("10.0.0.2", HealthState.Healthy, sourceReady: true)]);
        var panicked = HealthPublication.Publish(Tcp, [Status("10.0.0.1", HealthState.Unhealthy, sourceReady: false), Status("10.0.0.2", HealthState.Unhealthy)]);

        Assert.Equal([("10.0.0.1", false, false), ("10.0.0.2", true, true)], Published(healthy));
        Assert.Equal([("10.0.0.1", false, false), ("10.0.0.2", true, true)], Published(panicked));
    }

    [Fact]
    public void No_addresses_publish_nothing_and_never_panic()
    {
        var outcome = HealthPublication.Publish(Tcp, []);

        Assert.Empty(outcome.Endpoints);
        Assert.False(outcome.Report.Panicked);
    }

    [Fact]
    public void Ports_given_by_the_source_are_kept_and_name_the_address_in_reports()
    {
        var status = new AddressStatus(new ResolvedEndpoint { Address = "2001:db8::1", Port = 6380 }, HealthState.Unhealthy, "refused");

        var outcome = HealthPublication.Publish(Tcp with { Panic = false }, [status]);

        Assert.Equal(6380, Assert.Single(outcome.Endpoints).Port);
        Assert.Equal("refused", outcome.Report.LastFailures["[2001:db8::1]:6380"]);
    }
}
