using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

public sealed class WriteSemanticsTests : FakeApiTestBase
{
    [Fact]
    public async Task Create_answers_201_with_uid_timestamp_and_resource_version()
    {
        var (response, body) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/services", Json(SelectorlessService("web")));

        Assert.Equal(201, (int)response.StatusCode);
        Assert.True(Guid.TryParse((string?)body["metadata"]!["uid"], out _));
        Assert.NotNull((string?)body["metadata"]!["creationTimestamp"]);
        Assert.Matches("^[0-9]+$", (string?)body["metadata"]!["resourceVersion"]);
        Assert.Equal("Service", (string?)body["kind"]);
    }

    [Fact]
    public async Task Resource_version_in_a_create_body_is_an_internal_error()
    {
        var service = SelectorlessService("web");
        service.Metadata.ResourceVersion = "5";

        var status = await ApiAssert.FailsAsync(500, () => Client.CoreV1.CreateNamespacedServiceAsync(service, "default"));

        Assert.Equal("Internal error occurred: resourceVersion should not be set on objects to be created", (string?)status["message"]);
    }

    [Fact]
    public async Task Namespace_in_body_must_match_the_url()
    {
        var status = await ApiAssert.FailsAsync(400, () => Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web", "other"), "default"));

        Assert.Equal("the namespace of the provided object does not match the namespace sent on the request", (string?)status["message"]);
    }

    [Fact]
    public async Task Creating_in_a_missing_namespace_is_NotFound_for_the_namespace()
    {
        var status = await ApiAssert.FailsAsync(404, () => Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web", "nowhere"), "nowhere"));

        Assert.Equal("namespaces \"nowhere\" not found", (string?)status["message"]);
    }

    [Fact]
    public async Task Resource_versions_increase_across_all_resources()
    {
        var service = await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web"), "default");
        var slice = await Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice("web-1", "IPv4", "192.0.2.1"), "default");
        service.Metadata.Labels = new Dictionary<string, string> { ["x"] = "y" };
        var updated = await Client.CoreV1.ReplaceNamespacedServiceAsync(service, "web", "default");

        var versions = new[] { service.Metadata.ResourceVersion, slice.Metadata.ResourceVersion, updated.Metadata.ResourceVersion }.Select(long.Parse).ToList();
        Assert.True(versions[0] < versions[1] && versions[1] < versions[2], string.Join(",", versions));
    }

    [Fact]
    public async Task Put_without_resource_version_is_allowed_for_services()
    {
        await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web"), "default");
        var replacement = SelectorlessService("web");
        replacement.Metadata.Labels = new Dictionary<string, string> { ["x"] = "y" };

        var updated = await Client.CoreV1.ReplaceNamespacedServiceAsync(replacement, "web", "default");

        Assert.Equal("y", updated.Metadata.Labels["x"]);
    }

    [Fact]
    public async Task Put_without_resource_version_is_allowed_for_endpoints_and_endpointslices()
    {
        await Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice("s", "IPv4", "192.0.2.1"), "default");
        await Client.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints { Metadata = new() { Name = "e" }, Subsets = [new() { Addresses = [new() { Ip = "192.0.2.1" }] }] }, "default");

        var slice = await Client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(Slice("s", "IPv4", "192.0.2.9"), "s", "default");
        var endpoints = await Client.CoreV1.ReplaceNamespacedEndpointsAsync(
            new V1Endpoints { Metadata = new() { Name = "e" }, Subsets = [new() { Addresses = [new() { Ip = "192.0.2.9" }] }] }, "e", "default");

        Assert.Equal("192.0.2.9", slice.Endpoints[0].Addresses[0]);
        Assert.Equal("192.0.2.9", endpoints.Subsets[0].Addresses[0].Ip);
    }

    [Fact]
    public async Task Put_to_a_missing_service_or_endpoints_creates_it()
    {
        var service = await Client.CoreV1.ReplaceNamespacedServiceAsync(SelectorlessService("web"), "web", "default");
        var (response, _) = await SendAsync(HttpMethod.Put, "/api/v1/namespaces/default/endpoints/web",
            Json(new V1Endpoints { Metadata = new() { Name = "web" }, Subsets = [new() { Addresses = [new() { Ip = "192.0.2.1" }] }] }));

        Assert.NotNull(service.Metadata.Uid);
        Assert.Equal(201, (int)response.StatusCode);
    }

    [Fact]
    public async Task Put_to_a_missing_endpointslice_is_NotFound()
    {
        await ApiAssert.FailsAsync(404, () => Client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(Slice("s", "IPv4", "192.0.2.1"), "s", "default"));
    }

    [Fact]
    public async Task Put_without_resource_version_is_rejected_for_leases()
    {
        var lease = new V1Lease { Metadata = new() { Name = "leader" }, Spec = new() { HolderIdentity = "a", LeaseDurationSeconds = 15 } };
        await Client.CoordinationV1.CreateNamespacedLeaseAsync(lease, "default");

        var causes = await ApiAssert.InvalidAsync(() => Client.CoordinationV1.ReplaceNamespacedLeaseAsync(
            new V1Lease { Metadata = new() { Name = "leader" }, Spec = new() { HolderIdentity = "b" } }, "leader", "default"));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "metadata.resourceVersion", "must be specified for an update");
    }

    [Fact]
    public async Task Put_with_a_different_name_than_the_url_is_a_bad_request()
    {
        await ApiAssert.FailsAsync(400, () => Client.CoreV1.ReplaceNamespacedServiceAsync(SelectorlessService("a"), "b", "default"));
    }

    [Fact]
    public async Task Delete_of_an_endpointslice_answers_a_Success_status()
    {
        await Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice("s", "IPv4", "192.0.2.1"), "default");

        var (response, body) = await SendAsync(HttpMethod.Delete, "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/s");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("Status", (string?)body["kind"]);
        Assert.Equal("Success", (string?)body["status"]);
        Assert.Equal("endpointslices", (string?)body["details"]!["kind"]);
        Assert.Null(Server.Store.Get<V1EndpointSlice>("default", "s"));
    }

    [Fact]
    public async Task Delete_of_a_service_answers_the_deleted_service_and_removes_its_endpoints()
    {
        await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web"), "default");
        await Client.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints { Metadata = new() { Name = "web" }, Subsets = [new() { Addresses = [new() { Ip = "192.0.2.1" }] }] }, "default");

        var (response, body) = await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/services/web");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("Service", (string?)body["kind"]);
        Assert.Null(Server.Store.Get<V1Endpoints>("default", "web"));
    }

    [Fact]
    public async Task Delete_with_finalizers_marks_the_object_until_the_finalizers_are_removed()
    {
        var service = SelectorlessService("web");
        service.Metadata.Finalizers = ["externalendpoints.io/cleanup"];
        await Client.CoreV1.CreateNamespacedServiceAsync(service, "default");

        await Client.CoreV1.DeleteNamespacedServiceAsync("web", "default");
        var marked = await Client.CoreV1.ReadNamespacedServiceAsync("web", "default");
        marked.Metadata.Finalizers = ["externalendpoints.io/cleanup", "externalendpoints.io/another"];
        var causes = await ApiAssert.InvalidAsync(() => Client.CoreV1.ReplaceNamespacedServiceAsync(marked, "web", "default"));
        marked.Metadata.Finalizers = [];
        await Client.CoreV1.ReplaceNamespacedServiceAsync(marked, "web", "default");

        Assert.NotNull(marked.Metadata.DeletionTimestamp);
        ApiAssert.HasCause(causes, "FieldValueForbidden", "metadata.finalizers", "no new finalizers can be added if the object is being deleted");
        await ApiAssert.FailsAsync(404, () => Client.CoreV1.ReadNamespacedServiceAsync("web", "default"));
    }

    [Fact]
    public async Task Delete_of_a_missing_object_is_NotFound()
    {
        await ApiAssert.FailsAsync(404, () => Client.DiscoveryV1.DeleteNamespacedEndpointSliceAsync("nope", "default"));
    }

    [Fact]
    public async Task Dry_run_validates_and_stores_nothing()
    {
        var created = await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web"), "default", dryRun: "All");
        var causes = await ApiAssert.InvalidAsync(() => Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("Bad"), "default", dryRun: "All"));

        Assert.Equal("web", created.Metadata.Name);
        Assert.NotNull(created.Spec.ClusterIP);
        Assert.Null(Server.Store.Get<V1Service>("default", "web"));
        Assert.Equal(0, Server.Writes.Total);
        ApiAssert.HasCause(causes, "FieldValueInvalid", "metadata.name");
    }

    [Fact]
    public async Task Endpointslice_generation_starts_at_1_and_grows_with_content_or_label_changes()
    {
        var created = await Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice("s", "IPv4", "192.0.2.1"), "default");
        created.Metadata.Annotations = new Dictionary<string, string> { ["note"] = "x" };
        var annotated = await Client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(created, "s", "default");
        annotated.Metadata.Labels["extra"] = "label";
        var relabelled = await Client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(annotated, "s", "default");
        relabelled.Endpoints.Add(new V1Endpoint { Addresses = ["192.0.2.2"] });
        var changed = await Client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(relabelled, "s", "default");

        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal(1, annotated.Metadata.Generation);
        Assert.Equal(2, relabelled.Metadata.Generation);
        Assert.Equal(3, changed.Metadata.Generation);
    }

    [Fact]
    public async Task Services_and_endpoints_never_get_a_generation()
    {
        var service = await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web"), "default");
        service.Spec.Ports[0].Port = 81;
        service.Spec.Ports[0].TargetPort = 81;
        var updated = await Client.CoreV1.ReplaceNamespacedServiceAsync(service, "web", "default");

        Assert.Null(service.Metadata.Generation);
        Assert.Null(updated.Metadata.Generation);
    }

    [Fact]
    public async Task An_update_that_changes_nothing_keeps_the_resource_version()
    {
        var created = await Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice("s", "IPv4", "192.0.2.1"), "default");

        var same = await Client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(created, "s", "default");

        Assert.Equal(created.Metadata.ResourceVersion, same.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Declared_fields_the_fake_does_not_validate_are_stored_as_sent()
    {
        var body = JsonNode.Parse(Json(SelectorlessService("web")))!.AsObject();
        body["spec"]!["trafficDistribution"] = "PreferClose";

        await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/services", body.ToJsonString());
        var (_, read) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/services/web");

        Assert.Equal("PreferClose", (string?)read["spec"]!["trafficDistribution"]);
    }
}
