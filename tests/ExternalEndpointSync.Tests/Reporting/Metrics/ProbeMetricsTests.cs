using System.Diagnostics.Metrics;
using System.Net;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Health.Probes;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Reporting.Metrics;
using ExternalEndpointSync.TestSupport.Servers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static ExternalEndpointSync.Tests.Health.StageFixtures;

namespace ExternalEndpointSync.Tests.Reporting.Metrics;

/// <summary>Probes of the health stage are counted by type and result, timed, and their transitions counted.</summary>
public sealed class ProbeMetricsTests
{
    [Fact]
    public async Task A_TCP_probe_up_and_one_refused_are_counted_timed_and_each_a_transition()
    {
        await using var up = TcpListenerServer.Start();
        var closedPort = Ports.FreeOn(IPAddress.Loopback);
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new SyncMetrics(services.GetRequiredService<IMeterFactory>(), TimeProvider.System);
        using var collected = new MetricsCollector(metrics.Meter);
        await using var stage = new ProbingHealthStage(
            DefaultProbes.Create(TimeProvider.System),
            new ProbingHealthOptions { Mode = ProbingMode.OneShot },
            TimeProvider.System,
            NullLogger<ProbingHealthStage>.Instance,
            metrics);

        await stage.EvaluateAsync(
            Service(new HealthCheckSpec { Type = HealthCheckType.Tcp, Timeout = TimeSpan.FromSeconds(5) }),
            [Endpoint("127.0.0.1", up.Port), Endpoint("127.0.0.1", closedPort)],
            CancellationToken.None);

        Assert.Equal(1, collected.Sum("external_endpoint_sync_probes_total", ("result", "success"), ("type", "tcp")));
        Assert.Equal(1, collected.Sum("external_endpoint_sync_probes_total", ("result", "failure"), ("type", "tcp")));
        Assert.Equal(2, collected.Sum("external_endpoint_sync_probe_duration_seconds", ("type", "tcp")));
        Assert.Equal(1, collected.Sum("external_endpoint_sync_health_transitions_total", ("to", "healthy")));
        Assert.Equal(1, collected.Sum("external_endpoint_sync_health_transitions_total", ("to", "unhealthy")));
    }
}
