using System.Threading.Channels;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using ExternalEndpointSync.Tests.Sync;

namespace ExternalEndpointSync.Tests.Reporting.Metrics;

/// <summary>The instruments after syncs of the loop against the fake API server, read through a MeterListener.</summary>
public sealed class SyncMetricsTests : IAsyncLifetime
{
    private static readonly string[] Writes = ["create", "update", "delete"];
    private const string Requests = "external_endpoint_sync_api_requests_total";
    private static readonly string[] Resources = [.. WrittenKind.All.Select(static k => k.Plural)];
    private readonly Channel<ServiceKey> announcements = Channel.CreateUnbounded<ServiceKey>();
    private SyncLoopHarness harness = null!;
    private MetricsCollector metrics = null!;

    public async Task InitializeAsync()
    {
        harness = await SyncLoopHarness.StartServerAsync();
        metrics = new MetricsCollector(harness.Metrics.Meter);
    }

    public async Task DisposeAsync()
    {
        metrics.Dispose();
        await harness.DisposeAsync();
    }

    [Fact]
    public async Task Writes_by_verb_and_resource_match_the_API_servers_count()
    {
        harness.Start(new StaticSource(), new SourceHealthStage(), new SyncLoopHarness.Notifier(announcements.Reader), Spec("alpha", "192.0.2.1", "192.0.2.2"), Spec("beta", "192.0.2.3"));
        await harness.NextReportAsync();

        Assert.True(harness.Api.Writes.Creates > 0, harness.Api.Writes.ToString());
        foreach (var verb in Writes)
        {
            foreach (var resource in Resources)
            {
                Assert.Equal(harness.Api.Writes.Count(verb, resource), metrics.Sum("external_endpoint_sync_api_writes_total", ("resource", resource), ("verb", verb)));
            }
        }

        Assert.Equal(0, metrics.Sum("external_endpoint_sync_api_errors_total", ("code", "422"), ("resource", "services"), ("verb", "create")));
    }

    [Fact]
    public async Task Every_request_is_counted_by_verb_resource_and_code_as_the_API_server_received_it()
    {
        harness.Start(new StaticSource(), new SourceHealthStage(), new SyncLoopHarness.Notifier(announcements.Reader), Spec("alpha", "192.0.2.1", "192.0.2.2"), Spec("beta", "192.0.2.3"));
        await harness.NextReportAsync();

        Assert.True(harness.Api.Requests.Lists > 0 && harness.Api.Requests.Creates > 0, harness.Api.Requests.ToString());
        Assert.Equal(harness.Api.Requests.Total, metrics.SumOver(Requests));
        foreach (var verb in (string[])["get", "list", "watch", .. Writes])
        {
            foreach (var resource in Resources)
            {
                Assert.Equal(harness.Api.Requests.Count(verb, resource), metrics.SumOver(Requests, ("resource", resource), ("verb", verb)));
            }
        }

        // Reads answer 200 and creates 201, as a real API server does.
        Assert.Equal(harness.Api.Requests.Count("list", "endpointslices"), metrics.Sum(Requests, ("code", "200"), ("resource", "endpointslices"), ("verb", "list")));
        Assert.Equal(harness.Api.Requests.Count("create", "services"), metrics.Sum(Requests, ("code", "201"), ("resource", "services"), ("verb", "create")));
    }

    [Fact]
    public async Task A_sync_is_counted_timed_and_leaves_the_gauges_at_what_it_published()
    {
        harness.Start(new StaticSource(), new SourceHealthStage(), new SyncLoopHarness.Notifier(announcements.Reader), Spec("alpha", "192.0.2.1", "192.0.2.2"), Spec("beta", "192.0.2.3"));
        await harness.NextReportAsync();

        Assert.Equal(1, metrics.Sum("external_endpoint_sync_syncs_total", ("result", "success")));
        Assert.Equal(1, metrics.Sum("external_endpoint_sync_sync_duration_seconds", ("result", "success")));
        Assert.Equal(3, metrics.Observe("external_endpoint_sync_endpoints_published"));
        Assert.Equal(3, metrics.Observe("external_endpoint_sync_endpoints_ready"));
        Assert.Equal(2, metrics.Observe("external_endpoint_sync_services", ("status", "synced")));
        Assert.Equal(0, metrics.Observe("external_endpoint_sync_services", ("status", "failed")));
        Assert.Equal(harness.Time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0, metrics.Observe("external_endpoint_sync_last_successful_sync_timestamp_seconds"));
        Assert.Equal(0, metrics.Observe("external_endpoint_sync_config_reload_total", ("result", "success")));
    }

    [Fact]
    public async Task An_announced_change_is_a_replan_add_and_the_queue_is_empty_once_it_is_taken()
    {
        harness.Start(new StaticSource(), new SourceHealthStage(), new SyncLoopHarness.Notifier(announcements.Reader), Spec("alpha", "192.0.2.1"));
        await harness.NextReportAsync();
        var before = metrics.Sum("external_endpoint_sync_replan_queue_adds_total");

        await announcements.Writer.WriteAsync(SyncLoopHarness.Key("alpha"));
        await harness.NextReportAsync();

        Assert.Equal(before + 1, metrics.Sum("external_endpoint_sync_replan_queue_adds_total"));
        Assert.Equal(0, metrics.Observe("external_endpoint_sync_replan_queue_depth"));
        Assert.Equal(2, metrics.Sum("external_endpoint_sync_syncs_total", ("result", "success")));
    }

    [Fact]
    public async Task A_failed_write_is_an_API_error_and_a_partial_sync()
    {
        harness.Api.Faults.Enqueue(new Fault { Verb = "create", Resource = "services", StatusCode = 422 });
        harness.Start(new StaticSource(), new SourceHealthStage(), new SyncLoopHarness.Notifier(announcements.Reader), Spec("alpha", "192.0.2.1"));
        await harness.NextReportWithErrorsAsync();

        Assert.Equal(1, metrics.Sum("external_endpoint_sync_api_errors_total", ("code", "422"), ("resource", "services"), ("verb", "create")));
        Assert.Equal(1, metrics.Sum(Requests, ("code", "422"), ("resource", "services"), ("verb", "create")));
        Assert.Equal(1, metrics.Sum("external_endpoint_sync_syncs_total", ("result", "partial")));
        Assert.Equal(1, metrics.Observe("external_endpoint_sync_services", ("status", "failed")));
        Assert.Equal(0, metrics.Observe("external_endpoint_sync_last_successful_sync_timestamp_seconds"));
    }

    [Fact]
    public async Task A_failed_list_of_owned_objects_is_an_API_error_by_verb_resource_and_code()
    {
        harness.Api.Faults.Enqueue(new Fault { Verb = "list", Resource = "endpointslices", StatusCode = 503 });
        harness.Start(new StaticSource(), new SourceHealthStage(), new SyncLoopHarness.Notifier(announcements.Reader), Spec("alpha", "192.0.2.1"));
        harness.Time.Fake.Advance(await harness.NextTimerShorterThanAsync(TimeSpan.FromMinutes(1)));
        await harness.NextReportAsync();

        Assert.Equal(0, harness.Api.Faults.Pending);
        Assert.Equal(1, metrics.Sum("external_endpoint_sync_api_errors_total", ("code", "503"), ("resource", "endpointslices"), ("verb", "list")));
        Assert.Equal(1, metrics.Sum(Requests, ("code", "503"), ("resource", "endpointslices"), ("verb", "list")));
        Assert.Equal(0, metrics.Sum("external_endpoint_sync_api_errors_total", ("code", "503"), ("resource", "services"), ("verb", "list")));
        Assert.Equal(1, metrics.Sum("external_endpoint_sync_syncs_total", ("result", "failure")));
    }

    private static ExternalServiceSpec Spec(string name, params string[] addresses) => new()
    {
        Name = name,
        Ports = [new ServicePortSpec { Name = "http", Port = 80 }],
        Source = new StaticSourceSpec { Addresses = [.. addresses] },
        ResyncInterval = TimeSpan.FromMinutes(5),
    };
}
