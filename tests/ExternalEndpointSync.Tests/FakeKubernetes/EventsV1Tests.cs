using System.Net;
using System.Text.Json.Nodes;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>events.k8s.io/v1 Events: one storage with core/v1, converted both ways, with the strict events/v1 rules.</summary>
public sealed class EventsV1Tests : FakeApiTestBase
{
    private const string EventTime = "2026-01-02T03:04:05.123456Z";

    private static string Body(string name = "web.1", string? type = "Normal", string extra = "") => $$"""
        {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"{{name}}"},
         "eventTime":"{{EventTime}}","reportingController":"externalendpoints.io/external-endpoint-sync","reportingInstance":"worker-0",
         "action":"Sync","reason":"SyncFailed","note":"write refused","type":{{(type is null ? "null" : $"\"{type}\"")}},
         "regarding":{"apiVersion":"v1","kind":"Service","namespace":"default","name":"web","uid":"u-1"}{{extra}}}
        """;

    [Fact]
    public async Task An_event_written_through_events_v1_reads_back_through_core_v1_converted()
    {
        var (created, _) = await SendAsync(HttpMethod.Post, "/apis/events.k8s.io/v1/namespaces/default/events", Body());
        var core = await Client.CoreV1.ReadNamespacedEventAsync("web.1", "default");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(("Service", "web", "u-1"), (core.InvolvedObject.Kind, core.InvolvedObject.Name, core.InvolvedObject.Uid));
        Assert.Equal("write refused", core.Message);
        Assert.Equal("externalendpoints.io/external-endpoint-sync", core.ReportingComponent);
        Assert.Null(core.Count);
        Assert.Null(core.FirstTimestamp);
    }

    [Fact]
    public async Task A_core_v1_event_reads_back_through_events_v1_with_deprecated_fields()
    {
        await Client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new() { Name = "old" },
            InvolvedObject = new V1ObjectReference { Kind = "Service", Name = "web", NamespaceProperty = "default" },
            Reason = "Synced", Message = "legacy", Type = "Normal", Count = 3,
            Source = new V1EventSource { Component = "legacy-recorder" },
            FirstTimestamp = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
        }, "default");

        var (_, body) = await SendAsync(HttpMethod.Get, "/apis/events.k8s.io/v1/namespaces/default/events/old");

        Assert.Equal("events.k8s.io/v1", (string?)body["apiVersion"]);
        Assert.Equal("web", (string?)body["regarding"]!["name"]);
        Assert.Equal("legacy", (string?)body["note"]);
        Assert.Equal(3, (int?)body["deprecatedCount"]);
        Assert.Equal("legacy-recorder", (string?)body["deprecatedSource"]!["component"]);
        Assert.Equal("2026-01-02T03:04:05Z", (string?)body["deprecatedFirstTimestamp"]);
        Assert.Null(body["message"]);
    }

    [Fact]
    public async Task Events_v1_create_needs_event_time_reporting_fields_a_known_type_and_no_deprecated_fields()
    {
        const string incomplete = """
            {"metadata":{"name":"bad"},"reason":"SyncFailed","type":"Sometimes","deprecatedCount":2,
             "regarding":{"kind":"Service","namespace":"default","name":"web"}}
            """;

        var (response, status) = await SendAsync(HttpMethod.Post, "/apis/events.k8s.io/v1/namespaces/default/events", incomplete);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var causes = ApiAssert.Causes(status);
        ApiAssert.HasCause(causes, "FieldValueRequired", "eventTime");
        ApiAssert.HasCause(causes, "FieldValueInvalid", "type", "has invalid value: Sometimes");
        ApiAssert.HasCause(causes, "FieldValueInvalid", "count", "needs to be unset");
        Assert.StartsWith("Event.events.k8s.io \"bad\" is invalid", (string?)status["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_v1_bounds_reporting_fields_note_and_series()
    {
        var longNote = new string('n', 1025);
        var longAction = new string('a', 129);
        var body = Body(extra: ",\"series\":{\"count\":1}").Replace("\"write refused\"", $"\"{longNote}\"", StringComparison.Ordinal)
            .Replace("\"Sync\"", $"\"{longAction}\"", StringComparison.Ordinal)
            .Replace("externalendpoints.io/external-endpoint-sync", "not a qualified/name/at all", StringComparison.Ordinal);

        var (response, status) = await SendAsync(HttpMethod.Post, "/apis/events.k8s.io/v1/namespaces/default/events", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var causes = ApiAssert.Causes(status);
        ApiAssert.HasCause(causes, "FieldValueInvalid", "message", "can have at most 1024 characters");
        ApiAssert.HasCause(causes, "FieldValueInvalid", "action", "can have at most 128 characters");
        ApiAssert.HasCause(causes, "FieldValueInvalid", "reportingController");
        ApiAssert.HasCause(causes, "FieldValueInvalid", "series.count", "should be at least 2");
        ApiAssert.HasCause(causes, "FieldValueRequired", "series.lastObservedTime");
    }

    [Fact]
    public async Task An_event_about_a_namespaced_object_must_live_in_its_namespace()
    {
        var body = Body().Replace("\"namespace\":\"default\"", "\"namespace\":\"\"", StringComparison.Ordinal);
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = "payments" } });

        var (response, status) = await SendAsync(HttpMethod.Post, "/apis/events.k8s.io/v1/namespaces/payments/events", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        ApiAssert.HasCause(ApiAssert.Causes(status), "FieldValueInvalid", "involvedObject.namespace", "does not match event.namespace");
    }

    [Fact]
    public async Task Series_may_change_on_update_but_note_and_regarding_may_not()
    {
        await SendAsync(HttpMethod.Post, "/apis/events.k8s.io/v1/namespaces/default/events", Body());

        var (series, patched) = await SendAsync(HttpMethod.Patch, "/apis/events.k8s.io/v1/namespaces/default/events/web.1",
            $$$"""{"series":{"count":2,"lastObservedTime":"{{{EventTime}}}"}}""", "application/strategic-merge-patch+json");
        var (note, status) = await SendAsync(HttpMethod.Patch, "/apis/events.k8s.io/v1/namespaces/default/events/web.1",
            """{"note":"rewritten","regarding":{"name":"other"}}""", "application/merge-patch+json");
        var core = await Client.CoreV1.ReadNamespacedEventAsync("web.1", "default");

        Assert.Equal(HttpStatusCode.OK, series.StatusCode);
        Assert.Equal(2, (int?)patched["series"]!["count"]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, note.StatusCode);
        var causes = ApiAssert.Causes(status);
        ApiAssert.HasCause(causes, "FieldValueInvalid", "message", "field is immutable");
        ApiAssert.HasCause(causes, "FieldValueInvalid", "involvedObject", "field is immutable");
        Assert.Equal(2, core.Series.Count);
    }

    [Fact]
    public async Task Events_v1_field_selectors_use_the_events_v1_names()
    {
        await SendAsync(HttpMethod.Post, "/apis/events.k8s.io/v1/namespaces/default/events", Body("web.1"));
        await SendAsync(HttpMethod.Post, "/apis/events.k8s.io/v1/namespaces/default/events", Body("db.1").Replace("\"name\":\"web\"", "\"name\":\"db\"", StringComparison.Ordinal));

        var selected = await Client.EventsV1.ListNamespacedEventAsync("default", fieldSelector: "regarding.name=web,regarding.kind=Service,reportingController=externalendpoints.io/external-endpoint-sync");
        var core = await Client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.name=db,involvedObject.uid=u-1");
        var (refused, status) = await SendAsync(HttpMethod.Get, "/apis/events.k8s.io/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dweb");

        Assert.Equal("web.1", Assert.Single(selected.Items).Metadata.Name);
        Assert.Equal("db.1", Assert.Single(core.Items).Metadata.Name);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("field label not supported: involvedObject.name", (string?)status["message"]);
    }

    [Fact]
    public async Task A_watch_on_events_v1_sees_a_core_v1_write_in_events_v1_form()
    {
        var list = await Client.EventsV1.ListNamespacedEventAsync("default");
        using var response = await Http.GetAsync(
            $"/apis/events.k8s.io/v1/namespaces/default/events?watch=true&resourceVersion={list.Metadata.ResourceVersion}", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        await Client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new() { Name = "seen" },
            InvolvedObject = new V1ObjectReference { Kind = "Service", Name = "web", NamespaceProperty = "default" },
            Reason = "Synced", Message = "hello", Type = "Normal",
        }, "default");
        var line = JsonNode.Parse((await reader.ReadLineAsync())!)!;

        Assert.Equal("ADDED", (string?)line["type"]);
        Assert.Equal("events.k8s.io/v1", (string?)line["object"]!["apiVersion"]);
        Assert.Equal("hello", (string?)line["object"]!["note"]);
    }

    [Fact]
    public async Task Discovery_lists_the_events_group()
    {
        var (_, group) = await SendAsync(HttpMethod.Get, "/apis/events.k8s.io/v1");

        var resource = Assert.Single(group["resources"]!.AsArray(), r => (string?)r!["name"] == "events")!;
        Assert.Equal("Event", (string?)resource["kind"]);
        Assert.Contains("patch", resource["verbs"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public async Task Real_kubectl_lists_events_written_through_events_v1()
    {
        await SendAsync(HttpMethod.Post, "/apis/events.k8s.io/v1/namespaces/default/events", Body(type: "Warning"));
        var dir = Directory.CreateTempSubdirectory("fakeapi-kubectl-");
        try
        {
            var kubeconfig = Server.WriteKubeconfig(dir.FullName);

            var core = await KubectlRunner.RunAsync(kubeconfig, ["get", "events", "-n", "default"]);
            var eventsV1 = await KubectlRunner.RunAsync(kubeconfig, ["get", "events.v1.events.k8s.io", "-n", "default", "-o", "json"]);
            var events = await KubectlRunner.RunAsync(kubeconfig, ["events", "-n", "default", "--for", "service/web"]);

            Assert.True(core.ExitCode == 0, core.StandardError);
            Assert.Contains("SyncFailed", core.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("service/web", core.StandardOutput, StringComparison.Ordinal);
            Assert.True(eventsV1.ExitCode == 0, eventsV1.StandardError);
            Assert.Equal("write refused", (string?)JsonNode.Parse(eventsV1.StandardOutput)!["items"]![0]!["note"]);
            Assert.True(events.ExitCode == 0, events.StandardError);
            Assert.Contains("SyncFailed", events.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("write refused", events.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
