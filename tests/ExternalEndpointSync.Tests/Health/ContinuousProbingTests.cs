using System.Net;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Health.Probes;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.TestSupport.Servers;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using static ExternalEndpointSync.Tests.Health.StageFixtures;

namespace ExternalEndpointSync.Tests.Health;

/// <summary>The worker's mode: probes on a schedule (fake clock), thresholds applied, evaluations only read.</summary>
public sealed class ContinuousProbingTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private static HealthCheckSpec Check(HealthCheckType type, int healthy = 2, int unhealthy = 3, bool panic = true) => new()
    {
        Type = type,
        Interval = Interval,
        Timeout = TimeSpan.FromSeconds(2),
        HealthyThreshold = healthy,
        UnhealthyThreshold = unhealthy,
        Panic = panic,
    };

    [Fact]
    public async Task Stopping_PostgreSQL_marks_it_not_ready_after_the_unhealthy_threshold_and_starting_it_brings_it_back_after_the_healthy_threshold()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var harness = new ContinuousHarness();
        var service = Service(Check(HealthCheckType.Postgres, healthy: 2, unhealthy: 3, panic: false));
        var endpoint = Endpoint(postgres.Address.ToString(), postgres.Port);
        async Task<bool> ReadyAsync() => Assert.Single((await harness.EvaluateAsync(service, endpoint)).Endpoints).Ready;

        var first = await harness.EvaluateAsync(service, endpoint);
        Assert.True(Assert.Single(first.Endpoints).Ready);
        Assert.Equal(1, first.Report.Unknown);
        await harness.CompletedAsync(1);
        await harness.RoundAsync(Interval, 1);
        var healthy = await harness.EvaluateAsync(service, endpoint);
        Assert.Equal(1, healthy.Report.Healthy);
        Assert.Equal([service.Key], harness.DrainTransitions());

        await postgres.StopAsync();
        var afterStop = new List<bool>();
        for (var round = 0; round < 3; round++)
        {
            var result = Assert.Single(await harness.RoundAsync(Interval, 1));
            Assert.False(result.Result.Succeeded);
            afterStop.Add(await ReadyAsync());
        }

        Assert.Equal([true, true, false], afterStop);
        var down = await harness.EvaluateAsync(service, endpoint);
        Assert.False(Assert.Single(down.Endpoints).Serving);
        Assert.Contains("ConnectionRefused", down.Report.LastFailures.Values.Single(), StringComparison.Ordinal);
        Assert.Equal([service.Key], harness.DrainTransitions());

        await postgres.StartAgainAsync();
        var afterStart = new List<bool>();
        for (var round = 0; round < 2; round++)
        {
            Assert.True(Assert.Single(await harness.RoundAsync(Interval, 1)).Result.Succeeded);
            afterStart.Add(await ReadyAsync());
        }

        Assert.Equal([false, true], afterStart);
        Assert.Equal([service.Key], harness.DrainTransitions());
    }

    [Fact]
    public async Task A_flapping_target_does_not_flip_the_published_state()
    {
        var probe = new ScriptedTcpProbe();
        probe.Set(5432, isUp: true);
        await using var harness = new ContinuousHarness([probe]);
        var service = Service(Check(HealthCheckType.Tcp, healthy: 2, unhealthy: 3, panic: false));
        var endpoint = Endpoint("192.0.2.1", 5432);
        await harness.EvaluateAsync(service, endpoint);
        await harness.CompletedAsync(1);
        await harness.RoundAsync(Interval, 1);
        Assert.Equal([service.Key], harness.DrainTransitions());

        var published = new List<bool>();
        var probed = new List<bool>();
        for (var round = 0; round < 8; round++)
        {
            probe.Set(5432, isUp: round % 2 == 1);
            probed.Add(Assert.Single(await harness.RoundAsync(Interval, 1)).Result.Succeeded);
            published.Add(Assert.Single((await harness.EvaluateAsync(service, endpoint)).Endpoints).Ready);
        }

        Assert.Equal([false, true, false, true, false, true, false, true], probed);
        Assert.All(published, Assert.True);
        Assert.Empty(harness.DrainTransitions());
    }

    [Fact]
    public async Task Vanished_addresses_drop_their_state_and_schedule()
    {
        var probe = new ScriptedTcpProbe();
        probe.Set(80, isUp: true);
        var alive = Endpoint("192.0.2.1", 80);
        var down = Endpoint("192.0.2.2", 81);
        await using var harness = new ContinuousHarness([probe]);
        var service = Service(Check(HealthCheckType.Tcp, healthy: 1, unhealthy: 2, panic: false));

        await harness.EvaluateAsync(service, alive, down);
        await harness.CompletedAsync(2);
        await harness.RoundAsync(Interval, 2);
        var before = await harness.EvaluateAsync(service, alive, down);
        Assert.Equal((1, 1), (before.Report.Healthy, before.Report.Unhealthy));

        await harness.EvaluateAsync(service, alive);
        for (var i = 0; i < 2; i++)
        {
            var only = Assert.Single(await harness.RoundAsync(Interval, 1));
            Assert.Equal("192.0.2.1:80", only.Address);
        }

        // Back, it starts unknown: one failure (at most one probe can have run) is below the threshold of 2.
        var back = await harness.EvaluateAsync(service, alive, down);
        Assert.Equal((1, 0, 1), (back.Report.Healthy, back.Report.Unhealthy, back.Report.Unknown));
        Assert.True(back.Endpoints[1].Ready);
    }

    [Fact]
    public async Task Forgetting_a_registration_stops_its_probes()
    {
        await using var up = TcpListenerServer.Start();
        await using var other = TcpListenerServer.Start();
        await using var harness = new ContinuousHarness();
        var forgotten = Service(Check(HealthCheckType.Tcp)) with { Name = "forgotten" };
        var kept = Service(Check(HealthCheckType.Tcp)) with { Name = "kept" };
        await harness.EvaluateAsync(forgotten, Endpoint("127.0.0.1", up.Port));
        await harness.EvaluateAsync(kept, Endpoint("127.0.0.1", other.Port));
        await harness.CompletedAsync(2);

        harness.Stage.Forget(forgotten.Key);

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(kept.Key, Assert.Single(await harness.RoundAsync(Interval, 1)).Service);
        }
    }

    [Fact]
    public async Task Evaluations_only_read_between_scheduled_probes()
    {
        await using var up = TcpListenerServer.Start();
        var counting = new ConcurrencyCountingProbe(new TcpProbe());
        await using var harness = new ContinuousHarness([counting]);
        var service = Service(Check(HealthCheckType.Tcp, healthy: 1));
        var endpoint = Endpoint("127.0.0.1", up.Port);
        await harness.EvaluateAsync(service, endpoint);
        await harness.CompletedAsync(1);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(1, (await harness.EvaluateAsync(service, endpoint)).Report.Healthy);
        }

        Assert.Equal(1, counting.Calls);
        await harness.RoundAsync(Interval, 1);
        Assert.Equal(2, counting.Calls);
    }

    [Fact]
    public async Task Jitter_spreads_the_first_probes_over_a_fraction_of_the_interval()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var counting = new ConcurrencyCountingProbe(new TcpProbe());
        await using var stage = new ProbingHealthStage([counting], new ProbingHealthOptions { Jitter = 0.5 }, time, NullLogger<ProbingHealthStage>.Instance);
        var endpoints = Enumerable.Range(1, 40).Select(i => Endpoint($"127.0.0.{i}", Ports.FreeOn(IPAddress.Loopback))).ToList();

        await stage.EvaluateAsync(Service(Check(HealthCheckType.Tcp)), endpoints, CancellationToken.None);
        var atOnce = counting.Calls;
        time.Advance(Interval * 0.25);
        var inFirstQuarter = counting.Calls;
        time.Advance(Interval * 0.25);

        Assert.Equal(0, atOnce);
        Assert.InRange(inFirstQuarter, 1, 39);
        Assert.Equal(40, counting.Calls);
    }

    [Fact]
    public async Task Disposing_cancels_probes_in_flight_and_completes_the_transitions()
    {
        await using var hole = BlackHoleServer.Start();
        var counting = new ConcurrencyCountingProbe(new RedisProbe());
        var harness = new ContinuousHarness([counting]);
        await harness.EvaluateAsync(Service(Check(HealthCheckType.Redis)), Endpoint("127.0.0.1", hole.Port));
        Assert.Equal(1, counting.Calls);

        await harness.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(harness.Stage.Transitions.Completion.IsCompleted);
    }
}
