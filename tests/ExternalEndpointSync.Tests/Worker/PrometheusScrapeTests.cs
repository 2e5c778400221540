using ExternalEndpointSync.Tests.EndToEnd;
using ExternalEndpointSync.TestSupport.Servers;

namespace ExternalEndpointSync.Tests.Worker;

/// <summary>A real Prometheus scrapes a <c>run</c> process's <c>/metrics</c>; promtool accepts what it serves.</summary>
public sealed class PrometheusScrapeTests : SyncWorldTest
{
    private static readonly string[] Timings = ["--lease-duration", "5s", "--renew-deadline", "4s", "--retry-period", "200ms"];

    [Fact]
    public async Task Prometheus_scrapes_the_leaders_sync_counter_and_promtool_accepts_the_exposition()
    {
        await using var worker = WorkerProcess.Start("metrics-a", WorkerWorld.WriteConfig(World), World.Kubeconfig, WorkerWorld.LeaseNamespace, Timings);
        await Eventually.WaitAsync(() => World.Slices("web", "legacy-api").Count == 1, "the worker leads and has written the slice", () => worker.Logs);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{worker.HttpPort}/") };

        var exposition = await http.GetStringAsync(new Uri("metrics", UriKind.Relative));
        var (exitCode, output) = await PrometheusServer.CheckMetricsAsync(exposition);
        Assert.True(exitCode == 0, $"promtool check metrics: exit {exitCode}\n{output}\n--- exposition\n{exposition}");
        Assert.Contains("external_endpoint_sync_syncs_total{", exposition, StringComparison.Ordinal);
        Assert.Matches("external_endpoint_sync_sync_duration_seconds_bucket\\{[^}]*le=\"0.5\"\\}", exposition);
        Assert.Contains("external_endpoint_sync_leader{", exposition, StringComparison.Ordinal);

        await using var prometheus = await PrometheusServer.StartAsync(worker.HttpPort, TimeSpan.FromMilliseconds(200));
        await Eventually.WaitAsync(
            async () => await prometheus.QueryAsync("up{job=\"worker\"}") == 1
                && await prometheus.QueryAsync("sum(external_endpoint_sync_syncs_total{result=\"success\"})") >= 1
                && await prometheus.QueryAsync("external_endpoint_sync_leader{lease=\"external-endpoint-sync\"}") == 1,
            "Prometheus scrapes the worker: up, a successful sync, leading",
            () => worker.Logs + prometheus.Output);
    }
}
