using ExternalEndpointSync.Health;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Reporting;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.Sync;

namespace ExternalEndpointSync.Tests.Sync;

/// <summary>An exception in the health stage costs only its own service, which keeps what it had.</summary>
public sealed class HealthStageFaultTests : SyncLoopServerTest
{
    [Fact]
    public async Task A_health_stage_that_throws_for_one_service_fails_only_that_service_and_leaves_its_slice_alone()
    {
        var health = new FaultyHealthStage();
        var engine = Harness.CreateEngine(new StaticSource(), health);
        await engine.SyncOnceAsync([Spec("alpha", "192.0.2.1"), Spec("beta", "192.0.2.2")], new SyncOptions(), CancellationToken.None);
        var before = Harness.Slice("alpha");
        Harness.Api.Writes.Reset();

        health.FailFor = "alpha";
        var report = await engine.SyncOnceAsync([Spec("alpha", "192.0.2.9"), Spec("beta", "192.0.2.8")], new SyncOptions(), CancellationToken.None);

        var alpha = Assert.Single(report.Services, s => s.Key.Name == "alpha");
        var beta = Assert.Single(report.Services, s => s.Key.Name == "beta");
        Assert.Equal(ServiceStatus.Failed, alpha.Status);
        Assert.Contains(alpha.Errors, e => e.Contains("health check failed", StringComparison.Ordinal) && e.Contains("probe scheduler broke", StringComparison.Ordinal));
        Assert.Equal(ServiceStatus.Synced, beta.Status);
        Assert.Equal(before.Metadata.ResourceVersion, Harness.Slice("alpha").Metadata.ResourceVersion);
        Assert.Equal("192.0.2.8", Harness.Slice("beta").Endpoints.Single().Addresses.Single());
        Assert.Equal(1, Harness.Api.Writes.Total);
        Assert.Equal(0, Harness.Api.Writes.Deletes);
    }

    private static ExternalServiceSpec Spec(string name, string address) => new()
    {
        Name = name,
        Ports = [new ServicePortSpec { Name = "http", Port = 80 }],
        Source = new StaticSourceSpec { Addresses = [address] },
    };

    private sealed class FaultyHealthStage : IHealthStage
    {
        private readonly SourceHealthStage inner = new();

        public string? FailFor { get; set; }

        public Task<HealthOutcome> EvaluateAsync(ExternalServiceSpec service, IReadOnlyList<ResolvedEndpoint> endpoints, CancellationToken cancellationToken) =>
            service.Name == FailFor
                ? throw new InvalidOperationException("probe scheduler broke")
                : inner.EvaluateAsync(service, endpoints, cancellationToken);

        public void Forget(ServiceKey service)
        {
        }
    }
}
