using k8s;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

public sealed class ErrorStatusTests : FakeApiTestBase
{
    [Fact]
    public async Task Get_of_a_missing_service_is_NotFound_with_plural_details()
    {
        var status = await ApiAssert.FailsAsync(404, () => Client.CoreV1.ReadNamespacedServiceAsync("nope", "default"));

        Assert.Equal("NotFound", (string?)status["reason"]);
        Assert.Equal("services \"nope\" not found", (string?)status["message"]);
        Assert.Equal("services", (string?)status["details"]!["kind"]);
        Assert.Equal("nope", (string?)status["details"]!["name"]);
        Assert.Null(status["details"]!["group"]);
    }

    [Fact]
    public async Task Missing_endpointslice_names_the_group_qualified_resource()
    {
        var status = await ApiAssert.FailsAsync(404, () => Client.DiscoveryV1.ReadNamespacedEndpointSliceAsync("nope", "default"));

        Assert.Equal("endpointslices.discovery.k8s.io \"nope\" not found", (string?)status["message"]);
        Assert.Equal("endpointslices", (string?)status["details"]!["kind"]);
        Assert.Equal("discovery.k8s.io", (string?)status["details"]!["group"]);
    }

    [Fact]
    public async Task Creating_an_existing_name_is_AlreadyExists()
    {
        await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web"), "default");

        var status = await ApiAssert.FailsAsync(409, () => Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web"), "default"));

        Assert.Equal("AlreadyExists", (string?)status["reason"]);
        Assert.Equal("services \"web\" already exists", (string?)status["message"]);
    }

    [Fact]
    public async Task Stale_resource_version_is_Conflict_with_the_exact_message()
    {
        var created = await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web"), "default");
        var stale = await Client.CoreV1.ReadNamespacedServiceAsync("web", "default");
        created.Metadata.Labels = new Dictionary<string, string> { ["a"] = "b" };
        await Client.CoreV1.ReplaceNamespacedServiceAsync(created, "web", "default");
        stale.Metadata.Labels = new Dictionary<string, string> { ["a"] = "c" };

        var status = await ApiAssert.FailsAsync(409, () => Client.CoreV1.ReplaceNamespacedServiceAsync(stale, "web", "default"));

        Assert.Equal("Conflict", (string?)status["reason"]);
        Assert.Equal("Operation cannot be fulfilled on services \"web\": the object has been modified; please apply your changes to the latest version and try again", (string?)status["message"]);
    }

    [Fact]
    public async Task Invalid_object_is_422_with_kind_details_and_causes()
    {
        var slice = Slice("bad", "IPv4", "127.0.0.1");

        var status = await ApiAssert.FailsAsync(422, () => Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(slice, "default"));

        Assert.Equal("Invalid", (string?)status["reason"]);
        Assert.Equal("EndpointSlice", (string?)status["details"]!["kind"]);
        Assert.Equal("discovery.k8s.io", (string?)status["details"]!["group"]);
        Assert.StartsWith("EndpointSlice.discovery.k8s.io \"bad\" is invalid: endpoints[0].addresses[0]: Invalid value: \"127.0.0.1\": may not be in the loopback range", (string?)status["message"], StringComparison.Ordinal);
        ApiAssert.HasCause(ApiAssert.Causes(status), "FieldValueInvalid", "endpoints[0].addresses[0]", "loopback");
    }

    [Fact]
    public async Task Several_errors_are_listed_in_brackets()
    {
        var service = new V1Service { Metadata = new() { Name = "two" }, Spec = new() { Ports = [new() { Port = 0 }, new() { Port = 70000 }] } };

        var status = await ApiAssert.FailsAsync(422, () => Client.CoreV1.CreateNamespacedServiceAsync(service, "default"));

        Assert.Matches("^Service \"two\" is invalid: \\[.*, .*\\]$", (string?)status["message"]);
    }

    [Fact]
    public async Task Unknown_path_is_a_404_Status()
    {
        var (response, body) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/widgets");

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("Status", (string?)body["kind"]);
        Assert.Equal("NotFound", (string?)body["reason"]);
    }

    [Fact]
    public async Task Create_on_the_all_namespaces_collection_is_405()
    {
        var (response, body) = await SendAsync(HttpMethod.Post, "/api/v1/services", Json(SelectorlessService("web")));

        Assert.Equal(405, (int)response.StatusCode);
        Assert.Equal("MethodNotAllowed", (string?)body["reason"]);
    }
}
