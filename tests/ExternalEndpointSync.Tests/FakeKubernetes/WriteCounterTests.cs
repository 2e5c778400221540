using k8s;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

public sealed class WriteCounterTests : FakeApiTestBase
{
    [Fact]
    public async Task Counts_successful_writes_per_verb_and_resource()
    {
        var created = await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web"), "default");
        await Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice("s1", "IPv4", "192.0.2.1"), "default");
        await Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice("s2", "IPv4", "192.0.2.2"), "default");
        await Client.CoreV1.ReplaceNamespacedServiceAsync(created, "web", "default");
        await Client.CoreV1.PatchNamespacedServiceAsync(new V1Patch("""{"metadata":{"labels":{"a":"b"}}}""", V1Patch.PatchType.MergePatch), "web", "default");
        await Client.DiscoveryV1.DeleteNamespacedEndpointSliceAsync("s1", "default");

        Assert.Equal(2, Server.Writes.Count("create", "endpointslices"));
        Assert.Equal(1, Server.Writes.Count("create", "services"));
        Assert.Equal(3, Server.Writes.Creates);
        Assert.Equal(1, Server.Writes.Updates);
        Assert.Equal(1, Server.Writes.Patches);
        Assert.Equal(1, Server.Writes.Deletes);
        Assert.Equal(6, Server.Writes.Total);
        Assert.Equal("create endpointslices=2, create services=1, delete endpointslices=1, patch services=1, update services=1 (total 6)", Server.Writes.ToString());
    }

    [Fact]
    public async Task Reads_failures_dry_runs_and_seeding_are_not_counted()
    {
        Server.Store.Seed(SelectorlessService("seeded"));
        await Client.CoreV1.ListNamespacedServiceAsync("default");
        await Client.CoreV1.ReadNamespacedServiceAsync("seeded", "default");
        await ApiAssert.FailsAsync(409, () => Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("seeded"), "default"));
        await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("dry"), "default", dryRun: "All");

        Assert.Equal(0, Server.Writes.Total);
        Assert.Equal("none", Server.Writes.ToString());
    }

    [Fact]
    public async Task Reset_starts_counting_again()
    {
        await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web"), "default");

        Server.Writes.Reset();
        await Client.CoreV1.DeleteNamespacedServiceAsync("web", "default");

        Assert.Equal(1, Server.Writes.Total);
        Assert.Equal(1, Server.Writes.Count("delete", "services"));
    }

    [Fact]
    public async Task Requests_are_also_counted_by_the_namespace_of_their_path()
    {
        await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web"), "default");
        await Client.CoreV1.ListNamespacedServiceAsync("default");
        await Client.CoreV1.ListNamespacedServiceAsync("kube-system");
        await Client.CoreV1.ListServiceForAllNamespacesAsync();
        await Client.CoreV1.ListNodeAsync();

        Assert.Equal(3, Server.Requests.Count("list", "services"));
        Assert.Equal((1, 1, 1), (Server.Requests.CountAt("list", "services", "default"), Server.Requests.CountAt("list", "services", "kube-system"), Server.Requests.CountAt("list", "services", null)));
        Assert.Equal(1, Server.Requests.CountAt("list", "nodes", null));
        Assert.Equal((1, 0), (Server.Writes.CountAt("create", "services", "default"), Server.Writes.CountAt("create", "services", null)));

        Server.Requests.Reset();
        Assert.Equal(0, Server.Requests.CountAt("list", "services", "default"));
    }
}
