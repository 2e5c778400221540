using ExternalEndpointSync.Health;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;
using Xunit;

namespace ExternalEndpointSync.Tests.Health;

/// <summary>SRV priority failover as the health stage publishes it, panic rule included.</summary>
public sealed class HealthPublicationPriorityGroupTests
{
    private static readonly HealthCheckSpec Tcp = new() { Type = HealthCheckType.Tcp };

    /// <summary>
    /// Addresses are written "address/priority/state" with state H (healthy), U (unhealthy) or
    /// ? (unknown); the expectation lists what is published as "address:ready" (1 or 0).
    /// </summary>
    [Theory]
    [InlineData("10.0.0.1/10/H 10.0.0.2/10/H 10.0.0.3/20/H", "10.0.0.1:1 10.0.0.2:1", 10, "", false)]
    [InlineData("10.0.0.1/10/U 10.0.0.2/10/H 10.0.0.3/20/H", "10.0.0.1:0 10.0.0.2:1", 10, "", false)]
    [InlineData("10.0.0.1/10/U 10.0.0.2/10/U 10.0.0.3/20/H", "10.0.0.3:1", 20, "10", false)]
    [InlineData("10.0.0.1/10/U 10.0.0.3/20/U 10.0.0.5/30/H", "10.0.0.5:1", 30, "10 20", false)]
    [InlineData("10.0.0.1/10/U 10.0.0.2/10/U 10.0.0.3/20/U", "10.0.0.1:1 10.0.0.2:1", 10, "", true)]
    [InlineData("10.0.0.1/10/? 10.0.0.3/20/H", "10.0.0.1:1", 10, "", false)]
    [InlineData("10.0.0.1/10/U 10.0.0.3/20/?", "10.0.0.3:1", 20, "10", false)]
    public void Best_group_with_a_healthy_address_is_published_and_panic_needs_every_group_down(
        string addresses, string published, int priority, string passedOver, bool panicked)
    {
        var outcome = HealthPublication.Publish(Tcp, Parse(addresses));

        Assert.Equal(Words(published), outcome.Endpoints.Select(static e => $"{e.Address}:{(e.Ready ? 1 : 0)}"));
        Assert.All(outcome.Endpoints, static e => Assert.Equal(e.Ready, e.Serving));
        Assert.Equal(priority, outcome.Report.PublishedPriority);
        Assert.Equal(Words(passedOver).Select(int.Parse), outcome.Report.PassedOverPriorities);
        Assert.Equal(panicked, outcome.Report.Panicked);
    }

    [Fact]
    public void Panic_off_with_every_group_down_publishes_the_best_group_not_ready()
    {
        var outcome = HealthPublication.Publish(Tcp with { Panic = false }, Parse("10.0.0.1/10/U 10.0.0.3/20/U"));

        Assert.Equal(["10.0.0.1:0"], outcome.Endpoints.Select(static e => $"{e.Address}:{(e.Ready ? 1 : 0)}"));
        Assert.False(outcome.Report.Panicked);
    }

    [Fact]
    public void Unknown_counts_as_down_for_the_choice_when_initial_healthy_is_off()
    {
        var outcome = HealthPublication.Publish(Tcp with { InitialHealthy = false }, Parse("10.0.0.1/10/? 10.0.0.3/20/H"));

        Assert.Equal(["10.0.0.3:1"], outcome.Endpoints.Select(static e => $"{e.Address}:{(e.Ready ? 1 : 0)}"));
        Assert.Equal([10], outcome.Report.PassedOverPriorities);
    }

    [Fact]
    public void Removed_unhealthy_group_fails_over_and_the_report_counts_every_group()
    {
        var outcome = HealthPublication.Publish(Tcp with { Unhealthy = UnhealthyAction.Remove }, Parse("10.0.0.1/10/U 10.0.0.2/10/U 10.0.0.3/20/H"));

        Assert.Equal(["10.0.0.3:1"], outcome.Endpoints.Select(static e => $"{e.Address}:{(e.Ready ? 1 : 0)}"));
        Assert.Equal((1, 2, 0), (outcome.Report.Healthy, outcome.Report.Unhealthy, outcome.Report.Unknown));
        Assert.Equal(["10.0.0.1", "10.0.0.2"], outcome.Report.LastFailures.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Address_its_source_marks_not_ready_does_not_keep_its_group()
    {
        var statuses = new[]
        {
            new AddressStatus(new ResolvedEndpoint { Address = "10.0.0.1", Priority = 10, SourceReady = false }, HealthState.Healthy),
            new AddressStatus(new ResolvedEndpoint { Address = "10.0.0.3", Priority = 20 }, HealthState.Healthy),
        };

        var outcome = HealthPublication.Publish(Tcp, statuses);

        Assert.Equal(["10.0.0.3:1"], outcome.Endpoints.Select(static e => $"{e.Address}:{(e.Ready ? 1 : 0)}"));
    }

    [Fact]
    public async Task Unchecked_stage_publishes_only_the_best_group()
    {
        var outcome = await new SourceHealthStage().EvaluateAsync(
            new ExternalServiceSpec { Name = "db", Namespace = "default" },
            [new ResolvedEndpoint { Address = "10.0.0.1", Priority = 10 }, new ResolvedEndpoint { Address = "10.0.0.3", Priority = 20 }],
            CancellationToken.None);

        Assert.Equal(["10.0.0.1"], outcome.Endpoints.Select(static e => e.Address));
    }

    private static string[] Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static List<AddressStatus> Parse(string addresses) =>
        Words(addresses).Select(static word => word.Split('/')).Select(static parts => new AddressStatus(
            new ResolvedEndpoint { Address = parts[0], Priority = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) },
            parts[2] switch { "H" => HealthState.Healthy, "U" => HealthState.Unhealthy, _ => HealthState.Unknown },
            parts[2] == "U" ? "refused" : null)).ToList();
}
