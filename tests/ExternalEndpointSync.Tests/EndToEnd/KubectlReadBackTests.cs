using System.Diagnostics;
using System.Text.Json;
using ExternalEndpointSync.Cli;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>The real kubectl reads back what the synchronizer wrote, as it would from a real cluster.</summary>
public sealed class KubectlReadBackTests : IAsyncLifetime
{
    private readonly SyncWorld world = new();

    public Task InitializeAsync() => world.InitializeAsync();

    public Task DisposeAsync() => world.DisposeAsync();

    [Fact]
    public async Task Kubectl_sees_the_service_its_slices_and_their_addresses()
    {
        var config = world.WriteConfig(SyncWorld.StaticService("orders-db", ["192.0.2.10", "2001:db8::10"], "payments"));
        Assert.Equal(ExitCodes.Success, (await world.SyncAsync(config)).ExitCode);

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
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(world.Kubeconfig);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("kubectl not found on PATH: install the Debian package kubectl (tests/run-all.sh does)", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"kubectl {string.Join(' ', args)} failed: {await error}");
            return await output;
        }
    }
}
