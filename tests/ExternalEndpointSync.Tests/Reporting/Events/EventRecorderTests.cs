using System.Diagnostics.Metrics;
using ExternalEndpointSync.Reporting.Events;
using ExternalEndpointSync.Reporting.Metrics;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using ExternalEndpointSync.Tests.Reporting.Metrics;
using ExternalEndpointSync.Worker;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ExternalEndpointSync.Tests.Reporting.Events;

/// <summary>
/// The recorder against the fake API server on a fake clock: series aggregation as client-go's
/// tools/events broadcaster does it, the per-object rate limit, the leadership fence, and write
/// failures that stay inside the recorder. Disposing the recorder drains what was recorded, so
/// every assertion reads a settled state; the clock only moves when a test advances it.
/// </summary>
public sealed class EventRecorderTests : IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1234567));
    private FakeKubernetesApiServer server = null!;
    private IKubernetes client = null!;
    private ServiceProvider meters = null!;
    private SyncMetrics metrics = null!;

    public async Task InitializeAsync()
    {
        server = await FakeKubernetesApiServer.StartAsync(new FakeApiServerOptions { Rbac = RbacOptions.ForRepository() });
        client = server.CreateClient();
        meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        metrics = new SyncMetrics(meters.GetRequiredService<IMeterFactory>(), time);
        server.Store.Seed(new V1Service
        {
            ApiVersion = "v1", Kind = "Service",
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] },
        });
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await meters.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Repeats_aggregate_into_one_event_whose_series_counts_them()
    {
        var recorder = Recorder();
        for (var i = 0; i < 3; i++)
        {
            recorder.Record(Web, EventReasons.SyncFailed, $"write refused ({i})");
            time.Advance(TimeSpan.FromSeconds(10));
        }

        // Two rounds: at the first the series is 5:40 old, at the second it has been quiet for 6 minutes.
        time.Advance(TimeSpan.FromMinutes(12) - TimeSpan.FromSeconds(30));
        await recorder.DisposeAsync();

        var recorded = Assert.Single(server.Store.List<Eventsv1Event>("default"));
        Assert.Equal(3, recorded.Series.Count);
        Assert.Equal("write refused (0)", recorded.Note);
        Assert.Equal(("SyncFailed", "Warning", "Sync"), (recorded.Reason, recorded.Type, recorded.Action));
        Assert.Equal(EventRecorderOptions.ReportingController, recorded.ReportingController);
        Assert.Equal("worker-0_abcd", recorded.ReportingInstance);
        Assert.Equal(server.Store.Get<V1Service>("default", "web")!.Metadata.Uid, recorded.Regarding.Uid);
        Assert.Equal(1, server.Writes.Count("create", "events"));
        Assert.Equal(2, server.Writes.Count("patch", "events"));
        Assert.Equal(0, recorded.EventTime!.Value.Ticks % 10);
    }

    [Fact]
    public async Task The_second_repeat_is_written_at_once_and_later_ones_only_at_the_next_round()
    {
        var recorder = Recorder();
        recorder.Record(Web, EventReasons.SourceFailed, "no answer");
        recorder.Record(Web, EventReasons.SourceFailed, "no answer");
        recorder.Record(Web, EventReasons.SourceFailed, "no answer");
        await recorder.DisposeAsync();

        Assert.Equal(2, Assert.Single(server.Store.List<Eventsv1Event>("default")).Series.Count);
        Assert.Equal(1, server.Writes.Count("create", "events"));
        Assert.Equal(1, server.Writes.Count("patch", "events"));
    }

    [Fact]
    public async Task Each_object_gets_a_burst_of_25_writes_then_one_per_5_minutes()
    {
        using var collected = new MetricsCollector(metrics.Meter);
        var recorder = Recorder();
        for (var i = 0; i < 30; i++)
        {
            recorder.Record(Web, new EventReason($"Reason{i:00}", EventReasons.Warning, "Sync"), "distinct");
        }

        recorder.Record(Other, EventReasons.SyncFailed, "another object has its own bucket");
        time.Advance(TimeSpan.FromMinutes(5));
        recorder.Record(Web, new EventReason("AfterRefill", EventReasons.Warning, "Sync"), "one token back");
        recorder.Record(Web, new EventReason("TooSoon", EventReasons.Warning, "Sync"), "none left");
        await recorder.DisposeAsync();

        var reasons = server.Store.List<Eventsv1Event>("default").Where(e => e.Regarding.Name == "web").Select(e => e.Reason).ToHashSet();
        Assert.Equal(26, reasons.Count);
        Assert.Contains("AfterRefill", reasons);
        Assert.DoesNotContain("TooSoon", reasons);
        Assert.DoesNotContain("Reason25", reasons);
        Assert.Single(server.Store.List<Eventsv1Event>("default"), e => e.Regarding.Name == "db");
        Assert.Equal(6, collected.Sum("external_endpoint_sync_event_writes_total", ("result", "rate_limited")));
    }

    [Fact]
    public async Task A_replica_that_lost_its_lease_writes_no_events()
    {
        using var collected = new MetricsCollector(metrics.Meter);
        using var fence = new LeadershipFence(TimeSpan.FromSeconds(10), time);
        fence.Renewed(time.GetUtcNow());
        var term = fence.BeginTerm();
        var recorder = Recorder(new FencedEventSink(new KubernetesEventSink(client), fence, term));
        recorder.Record(Web, EventReasons.SyncFailed, "while leading");
        // Drain before the lease goes: the loop runs on its own thread.
        await Tests.Worker.Eventually.WaitAsync(() => server.Writes.Count("create", "events") == 1, "the leader's event is written");

        fence.EndTerm(leaseLost: true);
        recorder.Record(Web, EventReasons.SourceFailed, "after the lease was lost");
        recorder.Record(Web, EventReasons.SyncFailed, "a repeat after the lease was lost");
        await recorder.DisposeAsync();

        Assert.Equal("while leading", Assert.Single(server.Store.List<Eventsv1Event>("default")).Note);
        Assert.Equal(1, server.Writes.Total);
        Assert.Equal(2, collected.Sum("external_endpoint_sync_event_writes_total", ("result", "not_leader")));
    }

    [Fact]
    public async Task A_failed_write_is_counted_and_the_next_occurrence_is_written()
    {
        using var collected = new MetricsCollector(metrics.Meter);
        server.Faults.Enqueue(new Fault { Verb = "create", Resource = "events", StatusCode = 500 });
        var recorder = Recorder();

        recorder.Record(Web, EventReasons.Conflict, "first try fails");
        recorder.Record(Web, EventReasons.Conflict, "second try");
        await recorder.DisposeAsync();

        Assert.Equal("second try", Assert.Single(server.Store.List<Eventsv1Event>("default")).Note);
        Assert.Equal(1, collected.Sum("external_endpoint_sync_event_writes_total", ("result", "failure")));
    }

    [Fact]
    public async Task A_full_buffer_drops_the_event_and_counts_it_without_waiting()
    {
        using var collected = new MetricsCollector(metrics.Meter);
        var sink = new BlockedSink();
        var recorder = Recorder(sink, Options with { BufferCapacity = 1 });
        recorder.Record(Web, EventReasons.SyncFailed, "being written");
        await sink.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        for (var i = 0; i < 4; i++)
        {
            recorder.Record(Web, new EventReason($"Reason{i}", EventReasons.Warning, "Sync"), "one fits, three do not");
        }

        Assert.Equal(3, collected.Sum("external_endpoint_sync_events_dropped_total"));
        sink.Release.SetResult();
        await recorder.DisposeAsync();
        Assert.Equal(2, sink.Created);
    }

    [Fact]
    public async Task A_note_longer_than_1_kB_is_cut_to_fit()
    {
        var recorder = Recorder();
        recorder.Record(Web, EventReasons.SyncFailed, new string('é', 800));
        await recorder.DisposeAsync();

        var note = Assert.Single(server.Store.List<Eventsv1Event>("default")).Note;
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(note), 1000, 1024);
        Assert.EndsWith("…", note, StringComparison.Ordinal);
    }

    private static V1ObjectReference Web => SyncReportEvents.ServiceOf(new("default", "web"));

    private static V1ObjectReference Other => SyncReportEvents.ServiceOf(new("default", "db"));

    private static EventRecorderOptions Options { get; } = new() { ReportingInstance = "worker-0_abcd" };

    private EventRecorder Recorder(IEventSink? sink = null, EventRecorderOptions? options = null) =>
        new(sink ?? new KubernetesEventSink(client), options ?? Options, time, metrics, NullLogger<EventRecorder>.Instance);

    /// <summary>A sink whose first create waits until the test lets it go, so the buffer behind it fills.</summary>
    private sealed class BlockedSink : IEventSink
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Created { get; private set; }

        public bool MayWrite => true;

        public async Task<Eventsv1Event> CreateAsync(Eventsv1Event recorded, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            Created++;
            return recorded;
        }

        public Task<Eventsv1Event?> PatchSeriesAsync(Eventsv1Event recorded, CancellationToken cancellationToken) => Task.FromResult<Eventsv1Event?>(recorded);
    }
}
