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
            Assert.Contains("orders-db", table.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("NAME", table.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
