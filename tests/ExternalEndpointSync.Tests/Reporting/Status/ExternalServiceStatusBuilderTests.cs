using System.Text.Json;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations;
using ExternalEndpointSync.Registrations.Resources;
using ExternalEndpointSync.Reporting;
using ExternalEndpointSync.Reporting.Status;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.Reporting.Status;

/// <summary>
/// The status of an ExternalService follows its report; lastTransitionTime moves only when a
/// condition's status flips, so a steady state builds the very status that is stored.
/// </summary>
public sealed class ExternalServiceStatusBuilderTests
{
    private static readonly DateTime Then = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
    private static readonly DateTime Now = new(2026, 1, 2, 4, 0, 0, 123, DateTimeKind.Utc);

    private static readonly ExternalServiceSpec Dns = new()
    {
        Name = "orders",
        Namespace = "team-a",
        Ports = [new ServicePortSpec { Name = "pg", Port = 5432 }],
        Source = new DnsSourceSpec { Name = DnsName.Parse("orders.example.com"), Type = DnsRecordType.AAndAAAA },
    };

    private static readonly ConfigDiagnostic[] Problems =
        [new ConfigDiagnostic("spec.ports[0].name", 0, 0, "must be a DNS-1123 label"), new ConfigDiagnostic("spec.source", 0, 0, "needs exactly one kind")];

    [Fact]
    public void A_synced_service_is_ready_and_resolved_with_its_counts_service_and_source()
    {
        var status = ExternalServiceStatusBuilder.FromReport(Resource(), Dns, Report(ServiceStatus.Synced, ready: 2, notReady: 1), null, Now);

        Assert.Equal(4, status.ObservedGeneration);
        Assert.Equal(new EndpointCounts { Ready = 2, NotReady = 1, Total = 3 }, status.Endpoints);
        Assert.Equal(("orders", "dns orders.example.com A+AAAA"), (status.Service, status.Source));
        Assert.Equal(
            [("Ready", "True", "Synced", "2/3 endpoints ready"), ("Resolved", "True", "Answered", "the source answered")],
            status.Conditions!.Select(static c => (c.Type, c.Status, c.Reason, c.Message)));
        Assert.All(status.Conditions!, static c => Assert.Equal((new DateTime(2026, 1, 2, 4, 0, 0, DateTimeKind.Utc), 4L), (c.LastTransitionTime, c.ObservedGeneration)));
    }

    [Fact]
    public void Building_again_from_the_same_report_gives_the_status_already_known_and_a_flip_alone_moves_its_time()
    {
        var first = ExternalServiceStatusBuilder.FromReport(Resource(), Dns, Report(ServiceStatus.Synced, ready: 2), null, Then);
        var again = ExternalServiceStatusBuilder.FromReport(Resource(), Dns, Report(ServiceStatus.Unchanged, ready: 2), first, Now);
        var failed = ExternalServiceStatusBuilder.FromReport(Resource(), Dns, Report(ServiceStatus.Failed, ready: 2, sourceFailure: "SERVFAIL"), again, Now);

        Assert.True(ExternalServiceStatusWriter.Same(first, again));
        Assert.Equal(
            [("Ready", "False", "SourceFailed"), ("Resolved", "False", "SourceFailed")],
            failed.Conditions!.Select(static c => (c.Type, c.Status, c.Reason)));
        Assert.All(failed.Conditions!, static c => Assert.Equal(new DateTime(2026, 1, 2, 4, 0, 0, DateTimeKind.Utc), c.LastTransitionTime));
        Assert.False(ExternalServiceStatusWriter.Same(again, failed));
    }

    [Fact]
    public void A_conflict_is_ready_false_with_the_reason_and_no_counts()
    {
        var report = Report(ServiceStatus.Conflict) with { Errors = ["Service team-a/orders exists and is not ours"] };

        var status = ExternalServiceStatusBuilder.FromReport(Resource(), Dns, report, null, Now);

        var ready = Assert.Single(status.Conditions!);
        Assert.Equal(("Ready", "False", "Conflict", "Service team-a/orders exists and is not ours"), (ready.Type, ready.Status, ready.Reason, ready.Message));
        Assert.Null(status.Endpoints);
    }

    [Fact]
    public void An_invalid_spec_is_ready_false_invalid_spec_naming_every_path()
    {
        var status = ExternalServiceStatusBuilder.Invalid(Resource(), Problems, held: false, null, Now);

        var ready = Assert.Single(status.Conditions!);
        Assert.Equal(("False", "InvalidSpec"), (ready.Status, ready.Reason));
        Assert.Equal("the spec is invalid, nothing is published for it: spec.ports[0].name: must be a DNS-1123 label; spec.source: needs exactly one kind", ready.Message);
        Assert.Equal(4, status.ObservedGeneration);
    }

    [Fact]
    public void An_invalid_spec_whose_earlier_objects_are_held_says_they_are_left_untouched()
    {
        var status = ExternalServiceStatusBuilder.Invalid(Resource(), Problems, held: true, null, Now);

        var ready = Assert.Single(status.Conditions!);
        Assert.Equal(("False", "InvalidSpec"), (ready.Status, ready.Reason));
        Assert.Equal(
            "the spec is invalid: spec.ports[0].name: must be a DNS-1123 label; spec.source: needs exactly one kind; what was published for it before is left untouched until the spec is valid again",
            ready.Message);
    }

    [Fact]
    public void An_invalid_spec_over_a_published_last_valid_generation_keeps_what_that_serves_and_observes_the_new_generation()
    {
        var served = ExternalServiceStatusBuilder.FromReport(Resource(generation: 3), Dns, Report(ServiceStatus.Synced, ready: 2), null, Then);

        var status = ExternalServiceStatusBuilder.InvalidServingLastValid(Resource(), Problems, 3, served, served, Now);

        Assert.Equal(4, status.ObservedGeneration);
        Assert.Equal(new EndpointCounts { Ready = 2, NotReady = 0, Total = 2 }, status.Endpoints);
        Assert.Equal(("orders", "dns orders.example.com A+AAAA"), (status.Service, status.Source));
        Assert.Equal(
            [("Ready", "False", "InvalidSpec", 4L), ("Resolved", "True", "Answered", 4L)],
            status.Conditions!.Select(static c => (c.Type, c.Status, c.Reason, c.ObservedGeneration ?? 0)));
        Assert.Equal(
            "the spec is invalid: spec.ports[0].name: must be a DNS-1123 label; spec.source: needs exactly one kind; the last valid generation 3 is still published",
            status.Conditions![0].Message);
        // Ready flipped, Resolved did not.
        Assert.Equal([new DateTime(2026, 1, 2, 4, 0, 0, DateTimeKind.Utc), Then], status.Conditions!.Select(static c => c.LastTransitionTime));
        Assert.True(ExternalServiceStatusWriter.Same(status, ExternalServiceStatusBuilder.InvalidServingLastValid(Resource(), Problems, 3, status, status, Now.AddMinutes(5))));
    }

    private static ExternalServiceObject Resource(long generation = 4) => new()
    {
        Metadata = new V1ObjectMeta { Name = "orders", NamespaceProperty = "team-a", Uid = "uid-1", Generation = generation },
        Spec = JsonDocument.Parse("{}").RootElement,
    };

    private static ServiceReport Report(ServiceStatus status, int ready = 0, int notReady = 0, string? sourceFailure = null) => new()
    {
        Key = new ServiceKey("team-a", "orders"),
        Status = status,
        Ready = ready,
        NotReady = notReady,
        SourceFailure = sourceFailure is null ? null : new SourceFailure("dns", $"source failed, last good answer kept: {sourceFailure}"),
        Errors = sourceFailure is null ? [] : [$"source failed, last good answer kept: {sourceFailure}"],
    };
}
