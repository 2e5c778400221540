using ExternalEndpointSync.Health;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations.Policy;
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

    [Fact]
    public void Refused_addresses_are_one_event_on_the_service_and_the_external_service_when_the_set_changes()
    {
        var events = new SyncReportEvents(recorded);
        var one = Refusing(new RefusedAddress("10.96.0.10", "in the cluster's Service range"));
        var two = Refusing(new RefusedAddress("169.254.169.254", "link-local"), new RefusedAddress("10.96.0.10", "in the cluster's Service range"));

        events.Observe(Report(one));
        events.Observe(Report(one));
        events.Observe(Report(two));

        Assert.Equal(
        [
            ("AddressRefused", "not published: 10.96.0.10: in the cluster's Service range"),
            ("AddressRefused", "not published: 10.96.0.10: in the cluster's Service range"),
            ("AddressRefused", "not published: 10.96.0.10: in the cluster's Service range; 169.254.169.254: link-local"),
            ("AddressRefused", "not published: 10.96.0.10: in the cluster's Service range; 169.254.169.254: link-local"),
        ], recorded.Reasons);
        Assert.Equal(("v1", "Service", "payments", "orders-db", null), Identity(recorded.Regarding[0]));
        Assert.Equal(("externalendpoints.io/v1alpha1", "ExternalService", "payments", "orders-db", "uid-1"), Identity(recorded.Regarding[1]));
    }

    [Fact]
    public void A_refused_or_conflicting_external_service_has_its_events_on_itself_only()
    {
        var events = new SyncReportEvents(recorded);
        var refused = new ServiceReport { Key = Key, Origin = Origin, Status = ServiceStatus.Refused, Errors = ["refused: namespace not allowed"], RefusalReason = "namespace not allowed" };
        var conflict = new ServiceReport { Key = Key, Origin = Origin, Status = ServiceStatus.Conflict, Errors = ["the config file wins"] };

        events.Observe(Report(refused));
        events.Observe(Report(refused));
        events.Observe(Report(conflict));

        Assert.Equal([("Refused", "namespace not allowed"), ("Conflict", "the config file wins")], recorded.Reasons);
        Assert.All(recorded.Regarding, r => Assert.Equal("ExternalService", r.Kind));
    }

    [Fact]
    public void The_file_and_an_external_service_registering_one_service_are_followed_apart()
    {
        var events = new SyncReportEvents(recorded);
        var fromFile = Healthy(Health("192.0.2.1:5432")) with { Origin = new FileOrigin("config.yaml", 3, "services[0]") };
        var fromResource = Refusing(new RefusedAddress("10.96.0.10", "in the cluster's Service range"));

        events.Observe(new SyncReport { Services = [fromFile, fromResource] });
        events.Observe(new SyncReport { Services = [fromFile, fromResource] });

        Assert.Equal(["AddressUnhealthy", "AddressRefused", "AddressRefused"], recorded.Reasons.Select(r => r.Reason));
    }

    private static readonly ResourceOrigin Origin = new("payments", "orders-db", "uid-1", 1);

    private static ServiceReport Refusing(params RefusedAddress[] refused) =>
        new() { Key = Key, Origin = Origin, Status = ServiceStatus.Unchanged, RefusedAddresses = refused };

    private static (string, string, string, string, string?) Identity(V1ObjectReference r) => (r.ApiVersion, r.Kind, r.NamespaceProperty, r.Name, r.Uid);

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
