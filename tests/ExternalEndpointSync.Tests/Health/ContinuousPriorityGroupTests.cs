using ExternalEndpointSync.Health;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.TestSupport.Servers;
using Xunit;
using static ExternalEndpointSync.Tests.Health.StageFixtures;

namespace ExternalEndpointSync.Tests.Health;

/// <summary>SRV failover in the worker's mode: every group stays probed, so the better group is taken back once it recovers.</summary>
public sealed class ContinuousPriorityGroupTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Preferred_group_going_down_fails_over_and_its_recovery_fails_back_with_panic_on()
    {
        await using var preferred = TcpListenerServer.Start();
        await using var standby = TcpListenerServer.Start();
        await using var harness = new ContinuousHarness();
        var service = Service(new HealthCheckSpec { Type = HealthCheckType.Tcp, Interval = Interval, HealthyThreshold = 1, UnhealthyThreshold = 1 });
        ResolvedEndpoint[] endpoints =
        [
            Endpoint("127.0.0.1", standby.Port) with { Priority = 20 },
            Endpoint("127.0.0.1", preferred.Port) with { Priority = 10 },
        ];
        async Task<string> PublishedAsync()
        {
            var outcome = await harness.EvaluateAsync(service, endpoints);
            Assert.All(outcome.Endpoints, static e => Assert.True(e.Ready));
            return $"{string.Join(' ', outcome.Endpoints.Select(static e => e.Port))} (priority {outcome.Report.PublishedPriority})";
        }

        Assert.Equal($"{preferred.Port} (priority 10)", await PublishedAsync());
        await harness.CompletedAsync(2);

        await preferred.StopAsync();
        await harness.RoundAsync(Interval, 2);
        Assert.Equal($"{standby.Port} (priority 20)", await PublishedAsync());
        Assert.Contains(service.Key, harness.DrainTransitions());

        preferred.StartAgain();
        await harness.RoundAsync(Interval, 2);
        Assert.Equal($"{preferred.Port} (priority 10)", await PublishedAsync());
        Assert.Contains(service.Key, harness.DrainTransitions());
    }
}
