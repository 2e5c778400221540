using k8s;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

public sealed class ListTests : FakeApiTestBase
{
    private async Task SeedServicesAsync()
    {
        Server.Store.Seed(new V1Namespace { Metadata = new() { Name = "b-ns" } });
        foreach (var (name, ns, tier) in new[] { ("zeta", "default", "web"), ("alpha", "default", "db"), ("mid", "b-ns", "web"), ("untiered", "default", (string?)null) })
        {
            var service = SelectorlessService(name, ns);
            if (tier is not null)
            {
                service.Metadata.Labels = new Dictionary<string, string> { ["tier"] = tier };
            }

            await Client.CoreV1.CreateNamespacedServiceAsync(service, ns);
        }
    }

    [Fact]
    public async Task Empty_list_has_kind_resource_version_and_empty_items()
    {
        var (_, body) = await SendAsync(HttpMethod.Get, "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices");

        Assert.Equal("EndpointSliceList", (string?)body["kind"]);
        Assert.Equal("discovery.k8s.io/v1", (string?)body["apiVersion"]);
        Assert.Matches("^[0-9]+$", (string?)body["metadata"]!["resourceVersion"]);
        Assert.Empty(body["items"]!.AsArray());
    }

    [Fact]
    public async Task Cluster_wide_list_is_ordered_by_namespace_then_name()
    {
        await SeedServicesAsync();

        var list = await Client.CoreV1.ListServiceForAllNamespacesAsync();

        Assert.Equal(["b-ns/mid", "default/alpha", "default/untiered", "default/zeta"], list.Items.Select(s => $"{s.Metadata.NamespaceProperty}/{s.Metadata.Name}"));
    }

    [Fact]
    public async Task List_items_carry_no_kind_like_the_real_server()
    {
        await SeedServicesAsync();

        var (_, body) = await SendAsync(HttpMethod.Get, "/api/v1/services");

        Assert.All(body["items"]!.AsArray(), item => Assert.Null(item!["kind"]));
    }

    [Theory]
    [InlineData("tier=web", "mid,zeta")]
    [InlineData("tier==web", "mid,zeta")]
    [InlineData("tier!=web", "alpha,untiered")]
    [InlineData("tier in (web,db)", "alpha,mid,zeta")]
    [InlineData("tier notin (web)", "alpha,untiered")]
    [InlineData("tier", "alpha,mid,zeta")]
    [InlineData("!tier", "untiered")]
    [InlineData("tier=web,tier!=db", "mid,zeta")]
    public async Task Label_selectors_support_every_operator(string selector, string expected)
    {
        await SeedServicesAsync();

        var list = await Client.CoreV1.ListServiceForAllNamespacesAsync(labelSelector: selector);

        Assert.Equal(expected, string.Join(",", list.Items.Select(s => s.Metadata.Name).Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task Label_selectors_compare_numbers_with_gt_and_lt()
    {
        foreach (var (name, rank) in new[] { ("one", "1"), ("five", "5"), ("nine", "9") })
        {
            var service = SelectorlessService(name);
            service.Metadata.Labels = new Dictionary<string, string> { ["rank"] = rank };
            await Client.CoreV1.CreateNamespacedServiceAsync(service, "default");
        }

        var above = await Client.CoreV1.ListNamespacedServiceAsync("default", labelSelector: "rank>1,rank<9");

        Assert.Equal("five", Assert.Single(above.Items).Metadata.Name);
    }

    [Fact]
    public async Task Malformed_label_selector_is_a_bad_request()
    {
        await ApiAssert.FailsAsync(400, () => Client.CoreV1.ListNamespacedServiceAsync("default", labelSelector: "tier in web"));
    }

    [Fact]
    public async Task Field_selectors_on_name_namespace_and_service_fields()
    {
        await SeedServicesAsync();
        await Client.CoreV1.CreateNamespacedServiceAsync(new V1Service { Metadata = new() { Name = "ext" }, Spec = new() { Type = "ExternalName", ExternalName = "example.com" } }, "default");

        var byName = await Client.CoreV1.ListServiceForAllNamespacesAsync(fieldSelector: "metadata.name=mid");
        var byNamespace = await Client.CoreV1.ListServiceForAllNamespacesAsync(fieldSelector: "metadata.namespace!=default");
        var byType = await Client.CoreV1.ListServiceForAllNamespacesAsync(fieldSelector: "spec.type=ExternalName");
        var alpha = byNamespace.Items.Count == 1 ? await Client.CoreV1.ReadNamespacedServiceAsync("alpha", "default") : null;
        var byClusterIp = await Client.CoreV1.ListServiceForAllNamespacesAsync(fieldSelector: $"spec.clusterIP={alpha?.Spec.ClusterIP}");

        Assert.Equal("mid", Assert.Single(byName.Items).Metadata.Name);
        Assert.Equal("mid", Assert.Single(byNamespace.Items).Metadata.Name);
        Assert.Equal("ext", Assert.Single(byType.Items).Metadata.Name);
        Assert.Equal("alpha", Assert.Single(byClusterIp.Items).Metadata.Name);
    }

    [Fact]
    public async Task Unsupported_field_selectors_are_bad_requests()
    {
        var onService = await ApiAssert.FailsAsync(400, () => Client.CoreV1.ListNamespacedServiceAsync("default", fieldSelector: "spec.externalName=x"));
        var onSlice = await ApiAssert.FailsAsync(400, () => Client.DiscoveryV1.ListNamespacedEndpointSliceAsync("default", fieldSelector: "spec.type=x"));

        Assert.Equal("field label not supported: spec.externalName", (string?)onService["message"]);
        Assert.Equal("\"spec.type\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"", (string?)onSlice["message"]);
    }

    [Fact]
    public async Task Limit_and_continue_page_through_a_consistent_snapshot()
    {
        await SeedServicesAsync();

        var first = await Client.CoreV1.ListServiceForAllNamespacesAsync(limit: 2);
        await Client.CoreV1.DeleteNamespacedServiceAsync("zeta", "default");
        await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("omega"), "default");
        var second = await Client.CoreV1.ListServiceForAllNamespacesAsync(limit: 2, continueParameter: first.Metadata.ContinueProperty);

        Assert.Equal(["mid", "alpha"], first.Items.Select(s => s.Metadata.Name));
        Assert.Equal(2, first.Metadata.RemainingItemCount);
        Assert.Equal(["untiered", "zeta"], second.Items.Select(s => s.Metadata.Name));
        Assert.Null(second.Metadata.ContinueProperty);
        Assert.Equal(first.Metadata.ResourceVersion, second.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Continue_token_after_compaction_is_410_Expired()
    {
        await SeedServicesAsync();
        var first = await Client.CoreV1.ListServiceForAllNamespacesAsync(limit: 1);
        await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("later"), "default");
        Server.Store.Compact();

        var status = await ApiAssert.FailsAsync(410, () => Client.CoreV1.ListServiceForAllNamespacesAsync(limit: 1, continueParameter: first.Metadata.ContinueProperty));

        Assert.Equal("Expired", (string?)status["reason"]);
    }

    [Fact]
    public async Task Garbage_continue_token_is_a_bad_request()
    {
        var status = await ApiAssert.FailsAsync(400, () => Client.CoreV1.ListServiceForAllNamespacesAsync(continueParameter: "not-a-token"));

        Assert.StartsWith("invalid continue token", (string?)status["message"], StringComparison.Ordinal);
    }
}
