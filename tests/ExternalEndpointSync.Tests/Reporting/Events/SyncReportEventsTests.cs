using ExternalEndpointSync.Health;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Reporting;
using ExternalEndpointSync.Reporting.Events;
using k8s.Models;

namespace ExternalEndpointSync.Tests.Reporting.Events;

/// <summary>Which Events a sync's report turns into: failures at every sync, health facts only when they change.</summary>
public sealed class SyncReportEventsTests
{
    private static readonly ServiceKey Key = new("payments", "orders-db");
    private readonly Captured recorded = new();

    [Fact]
    public void A_source_failure_and_a_write_failure_are_two_events_on_the_service()
    {
        var events = new SyncReportEvents(recorded);
        const string source = "source failed, last good answer kept: SERVFAIL";

        events.Observe(Report(new ServiceReport
        {
            Key = Key,
            Status = ServiceStatus.Failed,
            Errors = [source, "422 Invalid: slice refused"],
            SourceFailure = new SourceFailure("dns", source),
        }));

        Assert.Equal([("SourceFailed", source), ("SyncFailed", "422 Invalid: slice refused")], recorded.Reasons);
        Assert.All(recorded.Regarding, r => Assert.Equal(("v1", "Service", "payments", "orders-db"), (r.ApiVersion, r.Kind, r.NamespaceProperty, r.Name)));
    }

    [Fact]
    public void A_conflict_is_recorded_at_every_sync_and_a_dry_run_records_nothing()
    {
        var events = new SyncReportEvents(recorded);
        var conflict = new ServiceReport { Key = Key, Status = ServiceStatus.Conflict, Errors = ["Service payments/orders-db already exists and is not owned"] };

        events.Observe(Report(conflict));
        events.Observe(Report(conflict));
        events.Observe(Report(conflict) with { DryRun = true });

        Assert.Equal(["Conflict", "Conflict"], recorded.Reasons.Select(r => r.Reason));
    }

    [Fact]
    public void Health_events_follow_transitions_only()
    {
        var events = new SyncReportEvents(recorded);
        var down = Health(unhealthy: ["192.0.2.1:5432"]);

        events.Observe(Report(Healthy(down)));
        events.Observe(Report(Healthy(down)));
        events.Observe(Report(Healthy(Health())));

        Assert.Equal(["AddressUnhealthy", "AddressHealthy"], recorded.Reasons.Select(r => r.Reason));
        Assert.StartsWith("192.0.2.1:5432 failed its health check: connection refused", recorded.Reasons[0].Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Panic_and_failover_are_recorded_when_they_begin()
    {
        var events = new SyncReportEvents(recorded);
        var panic = Health(unhealthy: ["192.0.2.1:80", "192.0.2.2:80"]) with { Panicked = true };
        var failover = Health() with { PublishedPriority = 20, PassedOverPriorities = [10] };

        events.Observe(Report(Healthy(panic)));
        events.Observe(Report(Healthy(panic)));
        events.Observe(Report(Healthy(failover)));
        events.Observe(Report(Healthy(failover)));

        Assert.Equal(["AddressUnhealthy", "PanicMode", "AddressHealthy", "FailedOver"], recorded.Reasons.Select(r => r.Reason));
        Assert.Equal("192.0.2.1:80 failed its health check: connection refused; 192.0.2.2:80 failed its health check: connection refused", recorded.Reasons[0].Note);
        Assert.Equal("no longer unhealthy: 192.0.2.1:80, 192.0.2.2:80", recorded.Reasons[2].Note);
        Assert.Equal("no ready address in priority 10: publishing priority 20", recorded.Reasons[^1].Note);
    }

    private static SyncReport Report(ServiceReport service) => new() { Services = [service] };

    private static ServiceReport Healthy(ServiceHealthSummary health) => new() { Key = Key, Status = ServiceStatus.Unchanged, Health = health };

    private static ServiceHealthSummary Health(params string[] unhealthy) => new()
    {
        Checked = true,
        Unhealthy = unhealthy.Length,
        LastFailures = unhealthy.ToDictionary(static a => a, static _ => "connection refused"),
    };

    private sealed class Captured : IEventRecorder
    {
        public List<(string Reason, string Note)> Reasons { get; } = [];

        public List<V1ObjectReference> Regarding { get; } = [];

        public void Record(V1ObjectReference regarding, EventReason reason, string note)
        {
            Reasons.Add((reason.Reason, note));
            Regarding.Add(regarding);
        }
    }
}
