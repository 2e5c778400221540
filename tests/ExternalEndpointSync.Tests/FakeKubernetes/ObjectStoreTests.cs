using k8s;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

public sealed class ObjectStoreTests : FakeApiTestBase
{
    [Fact]
    public async Task Seeded_objects_get_server_fields_and_are_visible_through_the_api()
    {
        var seeded = Server.Store.Seed(SelectorlessService("web", "payments"));

        var read = await Client.CoreV1.ReadNamespacedServiceAsync("web", "payments");

        Assert.NotNull(seeded.Metadata.Uid);
        Assert.NotNull(seeded.Metadata.ResourceVersion);
        Assert.NotNull(seeded.Metadata.CreationTimestamp);
        Assert.StartsWith("10.96.", seeded.Spec.ClusterIP, StringComparison.Ordinal);
        Assert.Equal(seeded.Metadata.Uid, read.Metadata.Uid);
        Assert.NotNull(Server.Store.Get<V1Namespace>(null, "payments"));
    }

    [Fact]
    public void Seeding_an_invalid_object_throws_with_the_api_message()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Server.Store.Seed(SelectorlessService("Bad_Name")));

        Assert.Contains("Service \"Bad_Name\" is invalid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_and_list_read_what_the_client_wrote()
    {
        await Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice("b", "IPv4", "192.0.2.2"), "default");
        await Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice("a", "IPv4", "192.0.2.1"), "default");
        Server.Store.Seed(new V1EndpointSlice { Metadata = new() { Name = "c", NamespaceProperty = "other" }, AddressType = "IPv4", Endpoints = [] });

        var one = Server.Store.Get<V1EndpointSlice>("default", "a");
        var inDefault = Server.Store.List<V1EndpointSlice>("default");
        var all = Server.Store.List<V1EndpointSlice>();

        Assert.Equal("192.0.2.1", one!.Endpoints[0].Addresses[0]);
        Assert.Equal(["a", "b"], inDefault.Select(s => s.Metadata.Name));
        Assert.Equal(["a", "b", "c"], all.Select(s => s.Metadata.Name));
        Assert.Null(Server.Store.Get<V1EndpointSlice>("default", "missing"));
    }

    [Fact]
    public async Task Standard_namespaces_exist_and_deleting_a_namespace_removes_its_objects()
    {
        Server.Store.Seed(SelectorlessService("web", "team"));

        var namespaces = await Client.CoreV1.ListNamespaceAsync();
        await Client.CoreV1.DeleteNamespaceAsync("team");

        Assert.Equal(["default", "kube-node-lease", "kube-public", "kube-system", "team"], namespaces.Items.Select(n => n.Metadata.Name));
        Assert.Equal("Active", namespaces.Items[0].Status.Phase);
        Assert.Empty(Server.Store.List<V1Service>("team"));
        await ApiAssert.FailsAsync(404, () => Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web", "team"), "team"));
    }
}
