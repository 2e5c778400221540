using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;
using ExternalEndpointSync.Reporting;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.Sync;

namespace ExternalEndpointSync.Tests.Reporting;

/// <summary>What one service's report says, from what the source, the health stage and the writer said.</summary>
public sealed class ServiceReportBuilderTests
{
    private static readonly ExternalServiceSpec Spec = new()
    {
        Name = "api",
        Ports = [new ServicePortSpec { Port = 443 }],
        Source = new StaticSourceSpec { Addresses = ["192.0.2.1"] },
    };

    private static readonly ServicePlan NoChanges = new() { Key = Spec.Key, Unchanged = 2 };

    [Fact]
    public void Certificate_warnings_of_healthy_addresses_are_reported_without_failing_the_service()
    {
        var health = new ServiceHealthSummary
        {
            Checked = true,
            Healthy = 1,
            Warnings = new Dictionary<string, string> { ["192.0.2.1"] = "certificate CN=api expires at 2026-12-01T00:00:00Z (in 6 days)" },
        };

        var report = ServiceReportBuilder.Build(NoChanges, Collected(SourceResult.Resolved([]), health), null);

        Assert.Equal(ServiceStatus.Unchanged, report.Status);
        Assert.Contains("192.0.2.1: certificate CN=api expires at 2026-12-01T00:00:00Z (in 6 days)", report.Warnings);
        Assert.Empty(report.Errors);
    }

    [Fact]
    public void A_source_failure_with_nothing_kept_fails_the_service_and_says_it_was_left_as_it_was()
    {
        var report = ServiceReportBuilder.Build(NoChanges with { Held = true }, Collected(SourceResult.Failed("timed out"), ServiceHealthSummary.NotChecked), null);

        Assert.Equal(ServiceStatus.Failed, report.Status);
        Assert.Equal(["source failed, Service left as it was: timed out"], report.Errors);
        Assert.Equal(new SourceFailure("static", report.Errors.Single()), report.SourceFailure);
    }

    [Fact]
    public void A_foreign_object_is_a_conflict_not_a_failure()
    {
        var outcome = new ApplyOutcome { Error = "Service default/api already exists and is not owned", ForeignObject = true };

        var report = ServiceReportBuilder.Build(NoChanges, Collected(SourceResult.Resolved([]), ServiceHealthSummary.NotChecked), outcome);

        Assert.Equal(ServiceStatus.Conflict, report.Status);
        Assert.True(report.IsFailure);
    }

    private static DesiredStateCollector.Collected Collected(SourceResult source, ServiceHealthSummary health) =>
        new(new DesiredService(Spec, source.Endpoints is null ? null : []), source, health);
}
