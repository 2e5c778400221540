using ExternalEndpointSync.TestSupport.FakeKubernetes;
using ExternalEndpointSync.Tests.Schema;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>The real kubectl applies the repository's CRD and an ExternalService, prints its printer columns, and
/// shows the schema's refusal of a spec with two sources (--validate=false: the fake serves no OpenAPI
/// document for kubectl's client-side validation).</summary>
public sealed class KubectlCustomResourceTests : FakeApiTestBase
{
    [Fact]
    public async Task Kubectl_applies_the_crd_and_an_external_service_and_prints_its_columns()
    {
        var dir = Directory.CreateTempSubdirectory("fakeapi-kubectl-crd-");
        try
        {
            var kubeconfig = Server.WriteKubeconfig(dir.FullName);
            var manifest = Path.Combine(dir.FullName, "orders.yaml");
            await File.WriteAllTextAsync(manifest, """
                apiVersion: externalendpoints.io/v1alpha1
                kind: ExternalService
                metadata:
                  name: orders
                spec:
                  type: ClusterIP
                  ports: [{ port: 5432 }]
                  source:
                    static: { addresses: [192.0.2.10] }
                """);

            var crd = await KubectlRunner.RunAsync(kubeconfig, ["apply", "--validate=false", "-f", GeneratedSchemaFiles.CrdPath]);
            var applied = await KubectlRunner.RunAsync(kubeconfig, ["apply", "--validate=false", "-f", manifest]);
            var table = await KubectlRunner.RunAsync(kubeconfig, ["get", "extsvc"]);

            Assert.True(crd.ExitCode == 0, crd.StandardError);
            Assert.True(applied.ExitCode == 0, applied.StandardError);
            Assert.True(table.ExitCode == 0, table.StandardError);
            var lines = table.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("NAME     TYPE        SOURCE   READY ENDPOINTS   TOTAL ENDPOINTS   READY    AGE", lines[0].TrimEnd());
            Assert.Equal(["orders", "ClusterIP", "<none>", "<none>", "<none>", "<none>"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..6]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Kubectl_shows_the_one_of_refusal_of_an_external_service_with_two_sources()
    {
        var dir = Directory.CreateTempSubdirectory("fakeapi-kubectl-crd-");
        try
        {
            var kubeconfig = Server.WriteKubeconfig(dir.FullName);
            var manifest = Path.Combine(dir.FullName, "both.yaml");
            await File.WriteAllTextAsync(manifest, """
                apiVersion: externalendpoints.io/v1alpha1
                kind: ExternalService
                metadata:
                  name: both
                spec:
                  ports: [{ port: 5432 }]
                  source:
                    static: { addresses: [192.0.2.10] }
                    dns: { name: db.example.com }
                """);

            var crd = await KubectlRunner.RunAsync(kubeconfig, ["apply", "--validate=false", "-f", GeneratedSchemaFiles.CrdPath]);
            var applied = await KubectlRunner.RunAsync(kubeconfig, ["apply", "--validate=false", "-f", manifest]);
            var got = await KubectlRunner.RunAsync(kubeconfig, ["get", "extsvc", "both"]);

            Assert.True(crd.ExitCode == 0, crd.StandardError);
            Assert.NotEqual(0, applied.ExitCode);
            Assert.Equal(
                "The ExternalService \"both\" is invalid: <nil>: Invalid value: \"\": \"spec.source\" must validate one and only one schema (oneOf). Found 2 valid alternatives",
                applied.StandardError.Trim());
            Assert.Contains("NotFound", got.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
