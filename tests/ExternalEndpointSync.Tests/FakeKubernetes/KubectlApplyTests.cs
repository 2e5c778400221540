using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>
/// The real kubectl's client-side apply against the fake, as the naive baseline of the scale
/// benchmark runs it: create, an unchanged apply (GETs only), and changes sent as strategic merge
/// patches carrying the last-applied annotation — a slice's atomic endpoint list replaced, a
/// Service's ports merged by port with kubectl's <c>$setElementOrder</c> and <c>$patch: delete</c>
/// directives. --validate=false: the fake serves no OpenAPI document for kubectl's client-side validation.
/// </summary>
public sealed class KubectlApplyTests : FakeApiTestBase
{
    private const string LastApplied = "kubectl.kubernetes.io/last-applied-configuration";

    [Fact]
    public async Task Kubectl_apply_creates_leaves_unchanged_and_patches_what_changed()
    {
        var dir = Directory.CreateTempSubdirectory("fakeapi-kubectl-apply-");
        try
        {
            var kubeconfig = Server.WriteKubeconfig(dir.FullName);
            var manifest = Path.Combine(dir.FullName, "orders.yaml");

            await File.WriteAllTextAsync(manifest, Manifest("[ { name: http, port: 80, protocol: TCP } ]", "192.0.2.10"));
            var created = await ApplyAsync(kubeconfig, manifest);
            var clusterIp = Server.Store.Get<V1Service>("default", "orders")!.Spec.ClusterIP;

            Server.Requests.Reset();
            var unchanged = await ApplyAsync(kubeconfig, manifest);
            var unchangedWrites = Server.Requests.Total - Server.Requests.Gets;

            await File.WriteAllTextAsync(manifest, Manifest("[ { name: http, port: 80, protocol: TCP }, { name: https, port: 443, protocol: TCP } ]", "192.0.2.11"));
            Server.Requests.Reset();
            var added = await ApplyAsync(kubeconfig, manifest);
            var addedPatches = (Server.Requests.Count("patch", "services"), Server.Requests.Count("patch", "endpointslices"));
            var twoPorts = Server.Store.Get<V1Service>("default", "orders")!.Spec.Ports.Select(static p => p.Port).ToList();
            var slice = Server.Store.Get<V1EndpointSlice>("default", "orders-manual")!;

            await File.WriteAllTextAsync(manifest, Manifest("[ { name: https, port: 443, protocol: TCP } ]", "192.0.2.11"));
            var removed = await ApplyAsync(kubeconfig, manifest);
            var service = Server.Store.Get<V1Service>("default", "orders")!;

            Assert.Contains("service/orders created", created.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("service/orders unchanged", unchanged.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("endpointslice.discovery.k8s.io/orders-manual unchanged", unchanged.StandardOutput, StringComparison.Ordinal);
            Assert.Equal(0, unchangedWrites);
            Assert.Contains("service/orders configured", added.StandardOutput, StringComparison.Ordinal);
            Assert.Equal((1, 1), addedPatches);
            Assert.Equal([80, 443], twoPorts);
            Assert.Equal(["192.0.2.11"], slice.Endpoints.SelectMany(static e => e.Addresses));
            Assert.Contains("192.0.2.11", slice.Metadata.Annotations[LastApplied], StringComparison.Ordinal);
            Assert.Contains("service/orders configured", removed.StandardOutput, StringComparison.Ordinal);
            Assert.Equal([443], service.Spec.Ports.Select(static p => p.Port));
            Assert.Equal(clusterIp, service.Spec.ClusterIP);
            Assert.DoesNotContain("\"port\":80", service.Metadata.Annotations[LastApplied], StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task<KubectlRunner.Result> ApplyAsync(string kubeconfig, string manifest)
    {
        var result = await KubectlRunner.RunAsync(kubeconfig, ["apply", "--validate=false", "-f", manifest]);
        Assert.True(result.ExitCode == 0, result.StandardError);
        return result;
    }

    private static string Manifest(string ports, string address) => $$"""
        apiVersion: v1
        kind: Service
        metadata: { name: orders, namespace: default }
        spec:
          ports: {{ports}}
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: orders-manual
          namespace: default
          labels: { kubernetes.io/service-name: orders }
        addressType: IPv4
        ports: [ { name: http, port: 80, protocol: TCP } ]
        endpoints:
          - { addresses: [ "{{address}}" ], conditions: { ready: true } }
        """;
}
