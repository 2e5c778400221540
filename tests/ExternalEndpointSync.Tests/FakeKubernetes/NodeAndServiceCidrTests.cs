using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>core/v1 Node and networking.k8s.io/v1 ServiceCIDR, the cluster's networks as the ExternalService policy reads them.</summary>
public sealed class NodeAndServiceCidrTests : FakeApiTestBase
{
    private static V1Node Node(string name, params string[] podCidrs) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1NodeSpec { PodCIDRs = podCidrs.Length == 0 ? null : [.. podCidrs], PodCIDR = podCidrs.FirstOrDefault() },
        Status = new V1NodeStatus { Addresses = [new V1NodeAddress { Type = "InternalIP", Address = "192.168.10.5" }, new V1NodeAddress { Type = "Hostname", Address = name }] },
    };

    private static V1ServiceCIDR ServiceCidr(string name, params string[] cidrs) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1ServiceCIDRSpec { Cidrs = [.. cidrs] },
    };

    [Fact]
    public async Task The_kubernetes_service_cidr_holds_the_range_services_get_their_cluster_ips_from()
    {
        var cidr = await Client.NetworkingV1.ReadServiceCIDRAsync("kubernetes");
        var service = await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("web"), "default");

        Assert.Equal([FakeKubernetesApiServer.ServiceRangeV4], cidr.Spec.Cidrs);
        Assert.True(System.Net.IPNetwork.Parse(FakeKubernetesApiServer.ServiceRangeV4).Contains(System.Net.IPAddress.Parse(service.Spec.ClusterIP)));
    }

    [Fact]
    public async Task A_cluster_that_does_not_serve_service_cidrs_answers_404_and_still_serves_nodes()
    {
        await using var older = await FakeKubernetesApiServer.StartAsync(new FakeApiServerOptions { ServeServiceCidrs = false });
        using var client = older.CreateClient();

        var error = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => client.NetworkingV1.ListServiceCIDRAsync());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Empty((await client.CoreV1.ListNodeAsync()).Items);
    }

    [Fact]
    public async Task Discovery_of_networking_v1_lists_service_cidrs_that_can_be_listed_and_watched()
    {
        var resources = await Client.NetworkingV1.GetAPIResourcesAsync();

        var serviceCidrs = Assert.Single(resources.Resources, static r => r.Name == "servicecidrs");
        Assert.Equal(("ServiceCIDR", false), (serviceCidrs.Kind, serviceCidrs.Namespaced));
        Assert.Contains("list", serviceCidrs.Verbs);
        Assert.Contains("watch", serviceCidrs.Verbs);
    }

    [Fact]
    public async Task A_group_version_that_is_not_served_at_all_answers_discovery_and_resource_paths_with_gos_plain_text_404()
    {
        await using var older = await FakeKubernetesApiServer.StartAsync(new FakeApiServerOptions { ServeServiceCidrs = false });
        using var http = new HttpClient { BaseAddress = older.BaseAddress };

        foreach (var path in new[] { "/apis/networking.k8s.io", "/apis/networking.k8s.io/v1", "/apis/networking.k8s.io/v1/servicecidrs", "/api/v2" })
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal((System.Net.HttpStatusCode.NotFound, "text/plain"), (response.StatusCode, response.Content.Headers.ContentType?.MediaType));
            Assert.Equal("404 page not found\n", await response.Content.ReadAsStringAsync());
        }

        // A served group version without such a resource is go-restful's: a NotFound Status.
        using var unknown = await http.GetAsync(new Uri("/api/v1/servicecidrs", UriKind.Relative));
        Assert.Equal((System.Net.HttpStatusCode.NotFound, "application/json"), (unknown.StatusCode, unknown.Content.Headers.ContentType?.MediaType));
        using var client = older.CreateClient();
        var error = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => client.NetworkingV1.GetAPIResourcesAsync());
        Assert.Equal((System.Net.HttpStatusCode.NotFound, "404 page not found\n"), (error.Response.StatusCode, error.Response.Content));
    }

    [Fact]
    public async Task Real_kubectl_reads_the_plain_text_404_of_an_unserved_group_version_as_not_found()
    {
        await using var older = await FakeKubernetesApiServer.StartAsync(new FakeApiServerOptions { ServeServiceCidrs = false });
        var dir = Directory.CreateTempSubdirectory("fakeapi-kubectl-");
        try
        {
            var kubeconfig = older.WriteKubeconfig(dir.FullName);

            var raw = await KubectlRunner.RunAsync(kubeconfig, ["get", "--raw", "/apis/networking.k8s.io/v1"]);
            var resources = await KubectlRunner.RunAsync(kubeconfig, ["api-resources", "--api-group=networking.k8s.io", "-o", "name"]);

            Assert.NotEqual(0, raw.ExitCode);
            Assert.Contains("NotFound", raw.StandardError, StringComparison.Ordinal);
            Assert.True(resources.ExitCode == 0, resources.StandardError);
            Assert.DoesNotContain("servicecidrs", resources.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_node_is_created_with_the_status_it_registers_with_and_a_main_resource_update_keeps_the_stored_status()
    {
        await Client.CoreV1.CreateNodeAsync(Node("node-1", "10.244.1.0/24", "fd00:10:244:1::/64"));
        var stored = await Client.CoreV1.ReadNodeAsync("node-1");
        stored.Status.Addresses = [new V1NodeAddress { Type = "InternalIP", Address = "192.168.99.9" }];
        stored.Metadata.Labels = new Dictionary<string, string> { ["zone"] = "a" };

        var updated = await Client.CoreV1.ReplaceNodeAsync(stored, "node-1");

        Assert.Equal(["10.244.1.0/24", "fd00:10:244:1::/64"], updated.Spec.PodCIDRs);
        Assert.Equal("a", updated.Metadata.Labels["zone"]);
        Assert.Equal(["192.168.10.5", "node-1"], updated.Status.Addresses.Select(static a => a.Address));
    }

    [Fact]
    public async Task Pod_cidrs_must_be_cidrs_one_per_family_and_never_change_once_set()
    {
        var invalid = await ApiAssert.InvalidAsync(() => Client.CoreV1.CreateNodeAsync(Node("bad", "10.244.1.0")));
        var sameFamily = await ApiAssert.InvalidAsync(() => Client.CoreV1.CreateNodeAsync(Node("two", "10.244.1.0/24", "10.244.2.0/24")));
        await Client.CoreV1.CreateNodeAsync(Node("node-1", "10.244.1.0/24"));
        var stored = await Client.CoreV1.ReadNodeAsync("node-1");
        stored.Spec.PodCIDRs = ["10.244.9.0/24"];
        var changed = await ApiAssert.InvalidAsync(() => Client.CoreV1.ReplaceNodeAsync(stored, "node-1"));

        ApiAssert.HasCause(invalid, "FieldValueInvalid", "spec.podCIDRs[0]", "must be a valid CIDR value");
        ApiAssert.HasCause(sameFamily, "FieldValueInvalid", "spec.podCIDRs", "may specify no more than one CIDR for each IP family");
        ApiAssert.HasCause(changed, "FieldValueForbidden", "spec.podCIDRs", "may not change podCIDR");
    }

    [Fact]
    public async Task A_service_cidr_holds_one_or_two_cidrs_of_two_families_and_they_are_immutable()
    {
        var none = await ApiAssert.InvalidAsync(() => Client.NetworkingV1.CreateServiceCIDRAsync(ServiceCidr("none")));
        var three = await ApiAssert.InvalidAsync(() => Client.NetworkingV1.CreateServiceCIDRAsync(ServiceCidr("three", "10.0.0.0/24", "10.1.0.0/24", "fd00::/64")));
        var sameFamily = await ApiAssert.InvalidAsync(() => Client.NetworkingV1.CreateServiceCIDRAsync(ServiceCidr("same", "10.0.0.0/24", "10.1.0.0/24")));
        var malformed = await ApiAssert.InvalidAsync(() => Client.NetworkingV1.CreateServiceCIDRAsync(ServiceCidr("bad", "10.0.0.0/33")));
        var extra = await Client.NetworkingV1.CreateServiceCIDRAsync(ServiceCidr("extra", "10.100.0.0/24", "fd00:100::/112"));
        extra.Spec.Cidrs = ["10.101.0.0/24"];
        var changed = await ApiAssert.InvalidAsync(() => Client.NetworkingV1.ReplaceServiceCIDRAsync(extra, "extra"));

        ApiAssert.HasCause(none, "FieldValueRequired", "spec.cidrs", "at least one CIDR required");
        ApiAssert.HasCause(three, "FieldValueInvalid", "spec.cidrs", "may only hold up to 2 values");
        ApiAssert.HasCause(sameFamily, "FieldValueInvalid", "spec.cidrs", "no more than one IP for each IP family");
        ApiAssert.HasCause(malformed, "FieldValueInvalid", "spec.cidrs[0]", "must be a valid CIDR value");
        ApiAssert.HasCause(changed, "FieldValueInvalid", "spec.cidrs", "field is immutable");
    }

    [Fact]
    public async Task Real_kubectl_lists_nodes_and_service_cidrs_as_cluster_scoped_kinds()
    {
        await Client.CoreV1.CreateNodeAsync(Node("node-1", "10.244.1.0/24"));
        var dir = Directory.CreateTempSubdirectory("fakeapi-kubectl-");
        try
        {
            var kubeconfig = Server.WriteKubeconfig(dir.FullName);

            var nodes = await KubectlRunner.RunAsync(kubeconfig, ["get", "nodes", "-o", "jsonpath={.items[*].spec.podCIDRs}"]);
            var cidrs = await KubectlRunner.RunAsync(kubeconfig, ["get", "servicecidrs", "-o", "jsonpath={.items[*].spec.cidrs}"]);
            var scoped = await KubectlRunner.RunAsync(kubeconfig, ["api-resources", "--namespaced=false", "-o", "name"]);

            Assert.True(nodes.ExitCode == 0, nodes.StandardError);
            Assert.Contains("10.244.1.0/24", nodes.StandardOutput, StringComparison.Ordinal);
            Assert.True(cidrs.ExitCode == 0, cidrs.StandardError);
            Assert.Contains(FakeKubernetesApiServer.ServiceRangeV4, cidrs.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("nodes", scoped.StandardOutput.Split('\n'));
            Assert.Contains("servicecidrs.networking.k8s.io", scoped.StandardOutput.Split('\n'));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
