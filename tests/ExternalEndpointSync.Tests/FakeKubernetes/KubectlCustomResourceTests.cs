using ExternalEndpointSync.TestSupport.FakeKubernetes;
using ExternalEndpointSync.Tests.Schema;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>The real kubectl applies the repository's CRD and an ExternalService, prints its printer columns, and
/// shows the schema's refusal of a spec with two sources and the strict refusal of an unknown spec key
/// (--validate=false: the fake serves no OpenAPI document for kubectl's client-side validation).</summary>
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

    /// <summary>
    /// kubectl apply sends fieldValidation=Strict once it finds the parameter in the server's OpenAPI v3
    /// document, which the fake does not serve (kubectl then validates client-side and fails without
    /// an OpenAPI document), so the raw POST sends the same directive apply would.
    /// </summary>
    [Fact]
    public async Task Kubectl_write_of_an_external_service_with_an_unknown_spec_key_is_refused_under_strict()
    {
        var dir = Directory.CreateTempSubdirectory("fakeapi-kubectl-crd-");
        try
        {
            var kubeconfig = Server.WriteKubeconfig(dir.FullName);
            var manifest = Path.Combine(dir.FullName, "typo.json");
            await File.WriteAllTextAsync(manifest, """
                {"apiVersion":"externalendpoints.io/v1alpha1","kind":"ExternalService","metadata":{"name":"typo"},
                 "spec":{"ports":[{"port":5432,"portName":"db"}],"sourc":{},"source":{"static":{"addresses":["192.0.2.10"]}}}}
                """);
            const string Collection = "/apis/externalendpoints.io/v1alpha1/namespaces/default/externalservices";

            var crd = await KubectlRunner.RunAsync(kubeconfig, ["apply", "--validate=false", "-f", GeneratedSchemaFiles.CrdPath]);
            var strict = await KubectlRunner.RunAsync(kubeconfig, ["create", "--raw", $"{Collection}?fieldValidation=Strict", "-f", manifest]);
            var missing = await KubectlRunner.RunAsync(kubeconfig, ["get", "extsvc", "typo"]);
            var warned = await KubectlRunner.RunAsync(kubeconfig, ["create", "--raw", Collection, "-f", manifest]);

            Assert.True(crd.ExitCode == 0, crd.StandardError);
            Assert.NotEqual(0, strict.ExitCode);
            Assert.Equal(
                "Error from server (BadRequest): ExternalService in version \"v1alpha1\" cannot be handled as a ExternalService: strict decoding error: unknown field \"spec.ports[0].portName\", unknown field \"spec.sourc\"",
                strict.StandardError.Trim());
            Assert.Contains("NotFound", missing.StandardError, StringComparison.Ordinal);
            Assert.True(warned.ExitCode == 0, warned.StandardError);
            Assert.Equal(["Warning: unknown field \"spec.ports[0].portName\"", "Warning: unknown field \"spec.sourc\""], warned.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.DoesNotContain("sourc\"", warned.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
