using System.Text.Json;
using ExternalEndpointSync.Cli;
using ExternalEndpointSync.TestSupport.FakeKubernetes;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>
/// The real kubectl reads back what the synchronizer wrote, as it would from a real cluster.
/// Authorization is off here: kubectl sends no bearer token to a plain-HTTP server (the fake is one),
/// so it would be anonymous; the product's own RBAC is tested by every other end-to-end test.
/// </summary>
public sealed class KubectlReadBackTests() : SyncWorldTest(new SyncWorld(new FakeApiServerOptions { DualStack = true }))
{
    [Fact]
    public async Task Kubectl_sees_the_service_its_slices_and_their_addresses()
    {
        var config = World.WriteConfig(SyncWorld.StaticService("orders-db", ["192.0.2.10", "2001:db8::10"], "payments"));
        Assert.Equal(ExitCodes.Success, (await World.SyncAsync(config)).ExitCode);

        using var slices = JsonDocument.Parse(await KubectlAsync("get", "endpointslices", "-n", "payments", "-l", "kubernetes.io/service-name=orders-db", "-o", "json"));
        var addresses = slices.RootElement.GetProperty("items").EnumerateArray()
            .SelectMany(s => s.GetProperty("endpoints").EnumerateArray())
            .Select(e => e.GetProperty("addresses")[0].GetString())
            .Order(StringComparer.Ordinal);
        Assert.Equal(["192.0.2.10", "2001:db8::10"], addresses);

        var table = await KubectlAsync("get", "services", "-n", "payments", "-l", "app.kubernetes.io/managed-by=external-endpoint-sync");
        Assert.Contains("orders-db", table, StringComparison.Ordinal);
    }

    private async Task<string> KubectlAsync(params string[] args)
    {
        var result = await KubectlRunner.RunAsync(World.Kubeconfig, args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)} failed: {result.StandardError}");
        return result.StandardOutput;
    }
}
