using System.Net;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Health.Probes;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.TestSupport.Servers;
using Xunit;
using static ExternalEndpointSync.Tests.Health.StageFixtures;

namespace ExternalEndpointSync.Tests.Health;

/// <summary><c>sync --once</c>: every evaluation probes each address once, now, with thresholds of 1.</summary>
public sealed class OneShotProbingTests
{
    private static readonly HealthCheckSpec Tcp = new() { Type = HealthCheckType.Tcp, Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task Type_none_passes_the_source_view_through_unchecked()
    {
        await using var stage = OneShot();

        var outcome = await stage.EvaluateAsync(Service(HealthCheckSpec.None), [Endpoint("10.0.0.1", 80), Endpoint("10.0.0.2", 80, sourceReady: false)], CancellationToken.None);

        Assert.Same(ServiceHealthSummary.NotChecked, outcome.Report);
        Assert.Equal([true, false], outcome.Endpoints.Select(static e => e.Ready));
    }

    [Fact]
    public async Task Each_address_is_probed_once_and_decides_at_once()
    {
        await using var up = TcpListenerServer.Start();
        await using var alsoUp = TcpListenerServer.Start(IPAddress.IPv6Loopback);
        var closedPort = Ports.FreeOn(IPAddress.Loopback);
        await using var stage = OneShot();

        var outcome = await stage.EvaluateAsync(
            Service(Tcp),
            [Endpoint("127.0.0.1", up.Port), Endpoint("::1", alsoUp.Port), Endpoint("127.0.0.1", closedPort)],
            CancellationToken.None);

        Assert.Equal([true, true, false], outcome.Endpoints.Select(static e => e.Ready));
        Assert.Equal([true, true, false], outcome.Endpoints.Select(static e => e.Serving));
        Assert.Equal((2, 1, 0), (outcome.Report.Healthy, outcome.Report.Unhealthy, outcome.Report.Unknown));
        Assert.Contains("ConnectionRefused", outcome.Report.LastFailures[$"127.0.0.1:{closedPort}"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unhealthy_remove_leaves_failed_addresses_out()
    {
        await using var up = TcpListenerServer.Start();
        await using var stage = OneShot();

        var outcome = await stage.EvaluateAsync(
            Service(Tcp with { Unhealthy = UnhealthyAction.Remove }),
            [Endpoint("127.0.0.1", up.Port), Endpoint("127.0.0.1", Ports.FreeOn(IPAddress.Loopback))],
            CancellationToken.None);

        Assert.Equal([up.Port], outcome.Endpoints.Select(static e => e.Port));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task When_nothing_answers_the_panic_rule_decides(bool panic)
    {
        await using var stage = OneShot();

        var outcome = await stage.EvaluateAsync(
            Service(Tcp with { Panic = panic }),
            [Endpoint("127.0.0.1", Ports.FreeOn(IPAddress.Loopback)), Endpoint("127.0.0.1", Ports.FreeOn(IPAddress.Loopback))],
            CancellationToken.None);

        Assert.Equal(panic, outcome.Report.Panicked);
        Assert.Equal(2, outcome.Report.Unhealthy);
        Assert.All(outcome.Endpoints, e => Assert.Equal(panic, e.Ready));
    }

    [Fact]
    public async Task The_global_in_flight_limit_is_respected()
    {
        const int Limit = 4;
        var holes = Enumerable.Range(0, 20).Select(_ => BlackHoleServer.Start()).ToList();
        try
        {
            var counting = new ConcurrencyCountingProbe(new RedisProbe());
            await using var stage = OneShot(Limit, [counting]);
            var check = new HealthCheckSpec { Type = HealthCheckType.Redis, Timeout = TimeSpan.FromMilliseconds(250) };

            var outcome = await stage.EvaluateAsync(Service(check), holes.Select(h => Endpoint("127.0.0.1", h.Port)).ToList(), CancellationToken.None);

            Assert.Equal(20, counting.Calls);
            Assert.Equal(Limit, counting.Peak);
            Assert.Equal(20, outcome.Report.Unhealthy);
            Assert.All(outcome.Report.LastFailures.Values, reason => Assert.StartsWith("timed out", reason, StringComparison.Ordinal));
        }
        finally
        {
            foreach (var hole in holes)
            {
                await hole.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Every_state_change_is_announced_once_per_change()
    {
        await using var up = TcpListenerServer.Start();
        await using var stage = OneShot();
        var service = Service(Tcp);
        var announced = new List<IReadOnlyList<ServiceKey>>();

        await stage.EvaluateAsync(service, [Endpoint("127.0.0.1", up.Port)], CancellationToken.None);
        announced.Add(Drain(stage));
        await stage.EvaluateAsync(service, [Endpoint("127.0.0.1", up.Port)], CancellationToken.None);
        announced.Add(Drain(stage));
        await up.StopAsync();
        await stage.EvaluateAsync(service, [Endpoint("127.0.0.1", up.Port)], CancellationToken.None);
        announced.Add(Drain(stage));

        Assert.Equal([[service.Key], [], [service.Key]], announced);
    }

    private static List<ServiceKey> Drain(ProbingHealthStage stage)
    {
        var keys = new List<ServiceKey>();
        while (stage.Transitions.TryRead(out var key))
        {
            keys.Add(key);
        }

        return keys;
    }

    [Fact]
    public async Task An_address_that_cannot_be_probed_counts_as_failed()
    {
        await using var stage = OneShot();
        var service = Service(Tcp with { Panic = false }) with { Ports = [] };

        var outcome = await stage.EvaluateAsync(service, [new ExternalEndpointSync.Sources.ResolvedEndpoint { Address = "10.0.0.1" }], CancellationToken.None);

        Assert.False(Assert.Single(outcome.Endpoints).Ready);
        Assert.Contains("no port", outcome.Report.LastFailures["10.0.0.1"], StringComparison.Ordinal);
    }
}
