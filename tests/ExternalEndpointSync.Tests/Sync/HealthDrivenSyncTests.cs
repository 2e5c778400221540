using System.Collections.Concurrent;
using System.Threading.Channels;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Health.Probes;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExternalEndpointSync.Tests.Sync;

/// <summary>
/// A health transition re-plans its service at once, without waiting for the resync interval.
/// The probe is scripted, so no address is contacted; thresholds and timing are the real stage's.
/// </summary>
public sealed class HealthDrivenSyncTests : IAsyncLifetime
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(10);
    private readonly ScriptedProbe probe = new();
    private readonly Channel<ProbeRound> completed = Channel.CreateUnbounded<ProbeRound>();
    private SyncLoopHarness harness = null!;
    private ProbingHealthStage stage = null!;

    public async Task InitializeAsync()
    {
        harness = await SyncLoopHarness.StartServerAsync();
        stage = new ProbingHealthStage(
            [probe],
            new ProbingHealthOptions { Mode = ProbingMode.Continuous, Jitter = 0 },
            harness.Time,
            NullLogger<ProbingHealthStage>.Instance,
            round => completed.Writer.TryWrite(round));
    }

    public async Task DisposeAsync()
    {
        await harness.DisposeAsync();
        await stage.DisposeAsync();
    }

    [Fact]
    public async Task An_address_turning_unhealthy_updates_exactly_one_slice_without_a_resync()
    {
        var probed = new ExternalServiceSpec
        {
            Name = "db",
            Ports = [new ServicePortSpec { Name = "pg", Port = 5432 }],
            Source = new StaticSourceSpec { Addresses = ["192.0.2.1", "192.0.2.2"] },
            HealthCheck = new HealthCheckSpec { Type = HealthCheckType.Tcp, Interval = ProbeInterval, HealthyThreshold = 1, UnhealthyThreshold = 2 },
            ResyncInterval = TimeSpan.FromMinutes(10),
        };
        var plain = new ExternalServiceSpec
        {
            Name = "web",
            Ports = [new ServicePortSpec { Name = "http", Port = 80 }],
            Source = new StaticSourceSpec { Addresses = ["192.0.2.9"] },
            ResyncInterval = TimeSpan.FromMinutes(10),
        };
        harness.Start(new StaticSource(), stage, new HealthTransitionNotifier(stage), probed, plain);
        Assert.Equal(2, (await harness.NextReportAsync()).Services.Count);
        Assert.All(harness.Slice("db").Endpoints, e => Assert.True(e.Conditions.Ready));

        await ProbesAsync(2);
        var healthy = await harness.NextReportAsync();
        Assert.Equal(2, healthy.Services.Single().Health.Healthy);

        probe.Down("192.0.2.2");
        harness.Api.Writes.Reset();
        harness.Time.Fake.Advance(ProbeInterval);
        await ProbesAsync(2);
        harness.Time.Fake.Advance(ProbeInterval);
        await ProbesAsync(2);
        var report = await harness.NextReportAsync();

        Assert.Equal([new ServiceKey("default", "db")], report.Services.Select(s => s.Key));
        Assert.Equal(1, harness.Api.Writes.Total);
        Assert.Equal(1, harness.Api.Writes.Count("update", "endpointslices"));
        var conditions = harness.Slice("db").Endpoints.ToDictionary(e => e.Addresses.Single(), e => e.Conditions);
        Assert.True(conditions["192.0.2.1"].Ready);
        Assert.False(conditions["192.0.2.2"].Ready);
        Assert.False(conditions["192.0.2.2"].Serving);
        Assert.Equal("connect failed: ConnectionRefused", report.Services.Single().Health.LastFailures["192.0.2.2"]);
    }

    private async Task ProbesAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        for (var i = 0; i < count; i++)
        {
            await completed.Reader.ReadAsync(timeout.Token);
        }
    }

    /// <summary>A TCP probe whose answer per address the test decides.</summary>
    private sealed class ScriptedProbe : IHealthProbe
    {
        private readonly ConcurrentDictionary<string, bool> down = new();

        public HealthCheckType Type => HealthCheckType.Tcp;

        public void Down(string address) => down[address] = true;

        public Task<ProbeResult> ProbeAsync(ProbeTarget target, HealthCheckSpec spec, CancellationToken cancellationToken) =>
            Task.FromResult(down.ContainsKey(target.Address.ToString()) ? ProbeResult.Down("connect failed: ConnectionRefused") : ProbeResult.Up());
    }
}
