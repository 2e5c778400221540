using ExternalEndpointSync.Tests.EndToEnd;
using ExternalEndpointSync.TestSupport.Servers;

namespace ExternalEndpointSync.Tests.Worker;

/// <summary>
/// A real Prometheus scrapes a <c>run</c> process's <c>/metrics</c>; promtool accepts what it serves;
/// every API request is in it by verb, resource and code, as the API server received them. A process
/// of its own, because an in-process exporter also reads the meters of tests running beside it.
/// </summary>
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

    [Fact]
    public async Task Every_API_request_of_the_process_is_counted_by_verb_resource_and_code()
    {
        await using var worker = WorkerProcess.Start("metrics-b", WorkerWorld.WriteConfig(World), World.Kubeconfig, WorkerWorld.LeaseNamespace, Timings);
        await Eventually.WaitAsync(() => World.Slices("web", "legacy-api").Count == 1, "the worker leads and has written the slice", () => worker.Logs);
        await Eventually.WaitAsync(() => World.Api.Requests.Count("update", "leases") >= 2, "the worker renewed the lease", () => worker.Logs);
        using var response = await worker.GetAsync("/metrics");
        var exposition = await response.Content.ReadAsStringAsync();

        // The owned kinds see no request after the first sync (watches last minutes), so the counts are exact.
        foreach (var resource in (string[])["services", "endpointslices", "endpoints"])
        {
            foreach (var verb in (string[])["get", "list", "watch", "create", "update", "delete"])
            {
                Assert.True(World.Api.Requests.Count(verb, resource) == Requests(exposition, ("verb", verb), ("resource", resource)), $"{verb} {resource}: the API server received {World.Api.Requests.Count(verb, resource)}\n{exposition}");
            }
        }

        // Answered reads and writes by their code: lease reads find none (404) until the lease is created, then it is renewed.
        Assert.Equal(1, Requests(exposition, ("verb", "list"), ("resource", "endpointslices"), ("code", "200")));
        Assert.Equal(1, Requests(exposition, ("verb", "create"), ("resource", "endpointslices"), ("code", "201")));
        Assert.True(Requests(exposition, ("verb", "get"), ("resource", "leases"), ("code", "404")) >= 1, exposition);
        Assert.Equal(1, Requests(exposition, ("verb", "create"), ("resource", "leases"), ("code", "201")));
        Assert.True(Requests(exposition, ("verb", "update"), ("resource", "leases"), ("code", "200")) >= 1, exposition);
        Assert.True(Requests(exposition, ("verb", "watch"), ("resource", "endpointslices"), ("code", "200")) >= 1, exposition);
    }

    private static double Requests(string exposition, params (string Name, string Value)[] labels) =>
        MetricsExposition.Sum(exposition, "external_endpoint_sync_api_requests_total", labels);
}
