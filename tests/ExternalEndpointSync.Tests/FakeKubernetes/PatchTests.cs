using k8s;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

public sealed class PatchTests : FakeApiTestBase
{
    [Fact]
    public async Task Json_patch_applies_operations()
    {
        await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web"), "default");
        var patch = new V1Patch("""[{"op":"add","path":"/metadata/labels","value":{"a":"b"}},{"op":"replace","path":"/spec/ports/0/port","value":8080}]""", V1Patch.PatchType.JsonPatch);

        var patched = await Client.CoreV1.PatchNamespacedServiceAsync(patch, "web", "default");

        Assert.Equal("b", patched.Metadata.Labels["a"]);
        Assert.Equal(8080, patched.Spec.Ports[0].Port);
    }

    [Fact]
    public async Task Failing_json_patch_test_operation_writes_nothing()
    {
        var created = await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web"), "default");
        var patch = new V1Patch("""[{"op":"test","path":"/spec/type","value":"NodePort"},{"op":"add","path":"/metadata/labels","value":{"a":"b"}}]""", V1Patch.PatchType.JsonPatch);

        await ApiAssert.FailsAsync(422, () => Client.CoreV1.PatchNamespacedServiceAsync(patch, "web", "default"));

        Assert.Equal(created.Metadata.ResourceVersion, Server.Store.Get<V1Service>("default", "web")!.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Merge_patch_merges_maps_deletes_nulls_and_replaces_lists()
    {
        var service = SelectorlessService("web", "default", 80, 443);
        service.Metadata.Labels = new Dictionary<string, string> { ["keep"] = "1", ["drop"] = "2" };
        await Client.CoreV1.CreateNamespacedServiceAsync(service, "default");
        var patch = new V1Patch("""{"metadata":{"labels":{"drop":null,"new":"3"}},"spec":{"ports":[{"name":"only","port":9000}]}}""", V1Patch.PatchType.MergePatch);

        var patched = await Client.CoreV1.PatchNamespacedServiceAsync(patch, "web", "default");

        Assert.Equal(new Dictionary<string, string> { ["keep"] = "1", ["new"] = "3" }, patched.Metadata.Labels);
        var port = Assert.Single(patched.Spec.Ports);
        Assert.Equal(9000, port.Port);
        Assert.Equal("TCP", port.Protocol);
    }

    [Fact]
    public async Task Strategic_merge_patch_merges_service_ports_by_port()
    {
        await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web", "default", 80, 443), "default");
        var patch = new V1Patch("""{"spec":{"ports":[{"port":443,"name":"https"},{"port":8443,"name":"alt"}]}}""", V1Patch.PatchType.StrategicMergePatch);

        var patched = await Client.CoreV1.PatchNamespacedServiceAsync(patch, "web", "default");

        Assert.Equal(["p80", "https", "alt"], patched.Spec.Ports.Select(p => p.Name));
    }

    [Fact]
    public async Task Strategic_merge_patch_deletes_a_keyed_element_and_unions_finalizers()
    {
        var service = SelectorlessService("web", "default", 80, 443);
        service.Metadata.Finalizers = ["example.com/a"];
        await Client.CoreV1.CreateNamespacedServiceAsync(service, "default");
        var patch = new V1Patch("""{"metadata":{"finalizers":["example.com/b"]},"spec":{"ports":[{"port":80,"$patch":"delete"}]}}""", V1Patch.PatchType.StrategicMergePatch);

        var patched = await Client.CoreV1.PatchNamespacedServiceAsync(patch, "web", "default");

        Assert.Equal(["p443"], patched.Spec.Ports.Select(p => p.Name));
        Assert.Equal(["example.com/a", "example.com/b"], patched.Metadata.Finalizers);
    }

    [Fact]
    public async Task Patched_objects_are_validated()
    {
        await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web"), "default");
        var patch = new V1Patch("""{"spec":{"ports":[{"port":0}]}}""", V1Patch.PatchType.MergePatch);

        var causes = await ApiAssert.InvalidAsync(() => Client.CoreV1.PatchNamespacedServiceAsync(patch, "web", "default"));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "spec.ports[0].port");
    }

    [Fact]
    public async Task Patch_of_a_missing_object_is_NotFound()
    {
        var patch = new V1Patch("""{"metadata":{"labels":{"a":"b"}}}""", V1Patch.PatchType.MergePatch);

        await ApiAssert.FailsAsync(404, () => Client.DiscoveryV1.PatchNamespacedEndpointSliceAsync(patch, "nope", "default"));
    }

    [Fact]
    public async Task Server_side_apply_is_415_with_a_clear_message()
    {
        await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web"), "default");

        var (response, body) = await SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/services/web?fieldManager=test", "{}", "application/apply-patch+yaml");

        Assert.Equal(415, (int)response.StatusCode);
        Assert.Contains("server-side apply", (string?)body["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_patch_content_type_is_415()
    {
        await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web"), "default");

        var (response, body) = await SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/services/web", "{}", "application/json");

        Assert.Equal(415, (int)response.StatusCode);
        Assert.Equal("UnsupportedMediaType", (string?)body["reason"]);
    }

    [Fact]
    public async Task Patch_with_a_stale_resource_version_is_Conflict()
    {
        var created = await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web"), "default");
        await Client.CoreV1.PatchNamespacedServiceAsync(new V1Patch("""{"metadata":{"labels":{"a":"b"}}}""", V1Patch.PatchType.MergePatch), "web", "default");
        var stale = new V1Patch("{\"metadata\":{\"resourceVersion\":\"" + created.Metadata.ResourceVersion + "\",\"labels\":{\"a\":\"c\"}}}", V1Patch.PatchType.MergePatch);

        await ApiAssert.FailsAsync(409, () => Client.CoreV1.PatchNamespacedServiceAsync(stale, "web", "default"));
    }
}
