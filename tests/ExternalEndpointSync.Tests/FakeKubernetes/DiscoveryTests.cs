using System.Text.Json.Nodes;
using k8s;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

public sealed class DiscoveryTests : FakeApiTestBase
{
    [Fact]
    public async Task Version_reports_a_1_33_server()
    {
        var version = await Client.Version.GetCodeAsync();

        Assert.Equal("1", version.Major);
        Assert.Equal("33", version.Minor);
    }

    [Fact]
    public async Task Core_v1_lists_services_endpoints_and_namespaces_with_verbs()
    {
        var resources = await Client.CoreV1.GetAPIResourcesAsync();

        var services = Assert.Single(resources.Resources, r => r.Name == "services");
        Assert.True(services.Namespaced);
        Assert.Equal("Service", services.Kind);
        Assert.Contains("watch", services.Verbs);
        Assert.Contains("svc", services.ShortNames);
        Assert.Contains(resources.Resources, r => r.Name == "endpoints" && r.Kind == "Endpoints");
        Assert.Contains(resources.Resources, r => r.Name == "namespaces" && !r.Namespaced);
    }

    [Fact]
    public async Task Groups_include_discovery_and_coordination()
    {
        var groups = await Client.Apis.GetAPIVersionsAsync();

        Assert.Contains(groups.Groups, g => g.Name == "discovery.k8s.io" && g.PreferredVersion.GroupVersion == "discovery.k8s.io/v1");
        Assert.Contains(groups.Groups, g => g.Name == "coordination.k8s.io");
    }

    [Fact]
    public async Task Group_and_version_documents_are_served()
    {
        var group = await Client.DiscoveryV1.GetAPIResourcesAsync();
        var (apiResponse, api) = await SendAsync(HttpMethod.Get, "/api");
        var (groupResponse, groupDocument) = await SendAsync(HttpMethod.Get, "/apis/discovery.k8s.io");
        var (leaseResponse, leases) = await SendAsync(HttpMethod.Get, "/apis/coordination.k8s.io/v1");

        Assert.Contains(group.Resources, r => r.Name == "endpointslices" && r.Kind == "EndpointSlice");
        Assert.Equal("APIVersions", (string?)api["kind"]);
        Assert.Equal("APIGroup", (string?)groupDocument["kind"]);
        Assert.Equal("application/json", groupResponse.Content.Headers.ContentType?.MediaType);
        Assert.Contains(leases["resources"]!.AsArray(), r => (string?)r!["name"] == "leases");
        Assert.True(apiResponse.IsSuccessStatusCode && leaseResponse.IsSuccessStatusCode);
    }

    [Fact]
    public async Task Aggregated_discovery_requests_get_the_legacy_document()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/apis");
        request.Headers.TryAddWithoutValidation("Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json");

        using var response = await Http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("APIGroupList", (string?)body["kind"]);
    }
}
