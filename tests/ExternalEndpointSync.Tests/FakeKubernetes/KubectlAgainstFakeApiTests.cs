using System.Text.Json.Nodes;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

public sealed class KubectlAgainstFakeApiTests : FakeApiTestBase
{
    [Fact]
    public async Task Real_kubectl_discovers_and_lists_objects_seeded_through_the_client()
    {
        await Client.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new() { Name = "payments" } });
        await Client.CoreV1.CreateNamespacedServiceAsync(SelectorlessService("orders-db", "payments", 5432), "payments");
        var slice = Slice("orders-db-abcde", "IPv4", "192.0.2.10");
        slice.Metadata.NamespaceProperty = "payments";
        await Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(slice, "payments");
        var dir = Directory.CreateTempSubdirectory("fakeapi-kubectl-");
        try
        {
            var kubeconfig = Server.WriteKubeconfig(dir.FullName);

            var json = await KubectlRunner.RunAsync(kubeconfig, ["get", "services,endpointslices", "-A", "-o", "json"]);
            Assert.True(json.ExitCode == 0, json.StandardError);
            var items = JsonNode.Parse(json.StandardOutput)!["items"]!.AsArray();
            Assert.Contains(items, i => (string?)i!["kind"] == "Service" && (string?)i["metadata"]!["name"] == "orders-db");
            Assert.Contains(items, i => (string?)i!["kind"] == "EndpointSlice" && (string?)i["endpoints"]![0]!["addresses"]![0] == "192.0.2.10");

            var table = await KubectlRunner.RunAsync(kubeconfig, ["get", "svc", "-n", "payments"]);
            Assert.True(table.ExitCode == 0, table.StandardError);
            var lines = table.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            var row = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["orders-db", "ClusterIP"], row[..2]);
            Assert.StartsWith("10.96.", row[2], StringComparison.Ordinal);
            Assert.Equal(["<none>", "5432/TCP"], row[3..5]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Real_kubectl_prints_endpointslices_across_namespaces_and_deletes_through_the_api()
    {
        await Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice("web-abcde", "IPv4", "192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"), "default");
        var dir = Directory.CreateTempSubdirectory("fakeapi-kubectl-");
        try
        {
            var kubeconfig = Server.WriteKubeconfig(dir.FullName);

            var table = await KubectlRunner.RunAsync(kubeconfig, ["get", "endpointslices", "-A"]);
            var deleted = await KubectlRunner.RunAsync(kubeconfig, ["delete", "endpointslice", "web-abcde"]);

            Assert.True(table.ExitCode == 0, table.StandardError);
            var lines = table.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["NAMESPACE", "NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal(["default", "web-abcde", "IPv4", "80", "192.0.2.1,192.0.2.2,192.0.2.3", "+", "1", "more..."], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..8]);
            Assert.True(deleted.ExitCode == 0, deleted.StandardError);
            Assert.Contains("endpointslice.discovery.k8s.io \"web-abcde\" deleted", deleted.StandardOutput, StringComparison.Ordinal);
            Assert.Empty(Server.Store.List<k8s.Models.V1EndpointSlice>());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Written_kubeconfig_also_configures_the_client()
    {
        Server.Store.Seed(SelectorlessService("web"));
        var dir = Directory.CreateTempSubdirectory("fakeapi-kubeconfig-");
        try
        {
            var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(Server.WriteKubeconfig(dir.FullName));
            using var client = new k8s.Kubernetes(config);

            var services = await client.CoreV1.ListNamespacedServiceAsync(config.Namespace);

            Assert.Equal("fake", config.CurrentContext);
            Assert.Equal("default", config.Namespace);
            Assert.Equal("web", Assert.Single(services.Items).Metadata.Name);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
