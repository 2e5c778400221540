using k8s;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

public sealed class EventRulesTests : FakeApiTestBase
{
    private static Corev1Event Event(string name, string involvedNamespace, DateTime? eventTime = null) => new()
    {
        Metadata = new() { Name = name },
        InvolvedObject = new V1ObjectReference { Kind = "Service", Name = "web", NamespaceProperty = involvedNamespace },
        Reason = "Synced",
        Message = "3 endpoints published",
        Type = "Normal",
        EventTime = eventTime,
        Action = eventTime is null ? null : "Sync",
        ReportingComponent = eventTime is null ? null : "externalendpoints.io/syncer",
        ReportingInstance = eventTime is null ? null : "syncer-0",
    };

    [Fact]
    public async Task Event_namespace_must_match_the_involved_object()
    {
        var causes = await ApiAssert.InvalidAsync(() => Client.CoreV1.CreateNamespacedEventAsync(Event("e", "payments"), "default"));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "involvedObject.namespace", "does not match event.namespace");
    }

    [Fact]
    public async Task Events_with_event_time_need_reporting_fields()
    {
        var incomplete = Event("e", "default", DateTime.UtcNow);
        incomplete.ReportingComponent = null;
        incomplete.Action = null;

        var causes = await ApiAssert.InvalidAsync(() => Client.CoreV1.CreateNamespacedEventAsync(incomplete, "default"));
        await Client.CoreV1.CreateNamespacedEventAsync(Event("ok", "default", DateTime.UtcNow), "default");

        ApiAssert.HasCause(causes, "FieldValueRequired", "reportingController");
        ApiAssert.HasCause(causes, "FieldValueRequired", "action");
    }

    [Fact]
    public async Task Events_can_be_selected_by_involved_object()
    {
        await Client.CoreV1.CreateNamespacedEventAsync(Event("e1", "default"), "default");
        var other = Event("e2", "default");
        other.InvolvedObject.Name = "db";
        await Client.CoreV1.CreateNamespacedEventAsync(other, "default");

        var events = await Client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.name=web,involvedObject.kind=Service");

        Assert.Equal("e1", Assert.Single(events.Items).Metadata.Name);
    }
}
