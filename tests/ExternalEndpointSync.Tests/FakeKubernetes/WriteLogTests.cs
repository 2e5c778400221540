using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>The write log (who wrote what, in the store's order) and faults aimed at one client by its pod-bound token.</summary>
public sealed class WriteLogTests : FakeApiTestBase
{
    [Fact]
    public async Task Every_successful_write_is_logged_in_order_with_the_pod_that_sent_it_and_nothing_else_is()
    {
        using var a = PodClient("pod-a");
        using var b = PodClient("pod-b");
        var slice = Slice("s", "IPv4", "192.0.2.1");
        slice.Metadata.Name = null;
        slice.Metadata.GenerateName = "svc-";

        var created = await a.DiscoveryV1.CreateNamespacedEndpointSliceAsync(slice, "default");
        await b.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice("dry", "IPv4", "192.0.2.3"), "default", dryRun: "All");
        Server.Faults.Enqueue(new Fault { Verb = "update", StatusCode = 409 });
        created.Endpoints.Add(new V1Endpoint { Addresses = ["192.0.2.2"] });
        await ApiAssert.FailsAsync(409, () => b.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(created, created.Metadata.Name, "default"));
        await b.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(created, created.Metadata.Name, "default");
        await Client.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(created.Metadata.Name, "default");
        await a.DiscoveryV1.ListNamespacedEndpointSliceAsync("default");

        var log = Server.WriteLog.Entries;
        Assert.Equal(
            [(1L, "pod-a", "create"), (2L, "pod-b", "update"), (3L, "system:admin", "delete")],
            log.Select(w => (w.Sequence, w.Client, w.Verb)));
        Assert.All(log, w => Assert.Equal(("endpointslices", "default", created.Metadata.Name), (w.Resource, w.Namespace, w.Name)));
        Assert.Equal(2, log[1].Object["endpoints"]!.AsArray().Count);
        Assert.True(log[0].At <= log[1].At && log[1].At <= log[2].At);
    }

    [Fact]
    public async Task A_fault_for_one_client_refuses_only_that_clients_requests()
    {
        using var a = PodClient("pod-a");
        using var b = PodClient("pod-b");
        Server.Faults.Enqueue(new Fault { Client = "pod-a", Resource = "services", StatusCode = 503, Times = int.MaxValue });

        await ApiAssert.FailsAsync(503, () => a.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("from-a"), "default"));
        await b.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("from-b"), "default");
        await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("from-admin"), "default");
        await a.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice("a-slice", "IPv4", "192.0.2.1"), "default");

        Assert.Null(Server.Store.Get<V1Service>("default", "from-a"));
        Assert.Equal(["pod-b", "system:admin", "pod-a"], Server.WriteLog.Entries.Select(w => w.Client));
        Assert.Equal(2, Server.Writes.Count("create", "services"));
    }

    private k8s.Kubernetes PodClient(string pod) => new(new KubernetesClientConfiguration
    {
        Host = Server.BaseAddress.ToString().TrimEnd('/'),
        AccessToken = Server.PodTokens.Issue(pod),
    });
}
