using k8s;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>Lists come in etcd key order (staging/src/k8s.io/apiserver/pkg/storage/etcd3/store.go keys are "&lt;prefix&gt;/&lt;namespace&gt;/&lt;name&gt;").</summary>
public sealed class ListOrderTests : FakeApiTestBase
{
    [Fact]
    public async Task Items_are_ordered_by_the_bytes_of_namespace_slash_name()
    {
        foreach (var ns in new[] { "a", "a-b" })
        {
            Server.Store.Seed(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
            await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("x", ns), ns);
        }

        var list = await Client.CoreV1.ListServiceForAllNamespacesAsync();

        Assert.Equal(["a-b/x", "a/x"], list.Items.Select(s => $"{s.Metadata.NamespaceProperty}/{s.Metadata.Name}"));
    }
}

/// <summary>Paging details of staging/src/k8s.io/apiserver/pkg/storage/etcd3/store.go GetList and storage/util.go ValidateListOptions.</summary>
public sealed class ListPagingRulesTests : FakeApiTestBase
{
    [Fact]
    public async Task Remaining_item_count_is_given_without_a_selector_and_omitted_with_one()
    {
        foreach (var name in new[] { "a", "b", "c" })
        {
            Server.Store.Seed(SelectorlessService(name));
        }

        var (_, plain) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/services?limit=1");
        var (_, selected) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/services?limit=1&labelSelector=x!%3Dy");

        Assert.Equal(2, (int?)plain["metadata"]!["remainingItemCount"]);
        Assert.NotNull((string?)selected["metadata"]!["continue"]);
        Assert.Null(selected["metadata"]!["remainingItemCount"]);
    }

    [Fact]
    public async Task A_resource_version_with_a_continue_token_is_a_bad_request()
    {
        foreach (var name in new[] { "a", "b" })
        {
            Server.Store.Seed(SelectorlessService(name));
        }

        var (_, first) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/services?limit=1");
        var token = Uri.EscapeDataString((string)first["metadata"]!["continue"]!);

        var (response, body) = await SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/services?limit=1&resourceVersion=5&continue={token}");
        var (withZero, _) = await SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/services?limit=1&resourceVersion=0&continue={token}");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("specifying resource version is not allowed when using continue", (string?)body["message"]);
        Assert.Equal(200, (int)withZero.StatusCode);
    }
}
