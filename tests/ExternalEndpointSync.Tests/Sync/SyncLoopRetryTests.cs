using System.Threading.Channels;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Reporting;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.Sync;
using ExternalEndpointSync.TestSupport.FakeKubernetes;

namespace ExternalEndpointSync.Tests.Sync;

/// <summary>A re-sync that fails keeps its services due: they are retried with backoff, not left for the next full resync.</summary>
public sealed class SyncLoopRetryTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    private readonly Channel<ServiceKey> announcements = Channel.CreateUnbounded<ServiceKey>();
    private readonly Dictionary<string, string> answers = [];
    private SyncLoopHarness harness = null!;

    public async Task InitializeAsync() => harness = await SyncLoopHarness.StartServerAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task An_announced_change_whose_sync_cannot_read_the_cluster_is_retried_with_growing_backoff_until_it_lands()
    {
        Answer("alpha", "192.0.2.1");
        Answer("beta", "192.0.2.2");
        Start("alpha", "beta");
        await harness.NextReportAsync();

        Answer("alpha", "192.0.2.9");
        harness.Api.Faults.Enqueue(new Fault { Verb = "list", Resource = "services", StatusCode = 503, Times = 2 });
        await announcements.Writer.WriteAsync(SyncLoopHarness.Key("alpha"));
        var first = await harness.NextTimerShorterThanAsync(Interval);
        harness.Time.Fake.Advance(first);
        var second = await harness.NextTimerShorterThanAsync(Interval);
        harness.Time.Fake.Advance(second);
        var report = await harness.NextReportAsync();

        Assert.InRange(first, SyncRetrySchedule.BaseDelay / 2, SyncRetrySchedule.BaseDelay);
        Assert.InRange(second, SyncRetrySchedule.BaseDelay, SyncRetrySchedule.BaseDelay * 2);
        Assert.Equal(0, harness.Api.Faults.Pending);
        Assert.Equal([SyncLoopHarness.Key("alpha")], report.Services.Select(s => s.Key));
        Assert.Equal("192.0.2.9", harness.Slice("alpha").Endpoints.Single().Addresses.Single());
    }

    [Fact]
    public async Task A_service_whose_write_fails_is_retried_alone_and_a_success_ends_its_retries()
    {
        Answer("alpha", "192.0.2.1");
        Answer("beta", "192.0.2.2");
        Start("alpha", "beta");
        await harness.NextReportAsync();

        Answer("alpha", "192.0.2.9");
        Answer("beta", "192.0.2.8");
        harness.Api.Faults.Enqueue(new Fault { Verb = "update", Resource = "endpointslices", StatusCode = 500, Times = 1 });
        await announcements.Writer.WriteAsync(SyncLoopHarness.Key("alpha"));
        var failed = await harness.NextReportWithErrorsAsync();
        var retryIn = await harness.NextTimerShorterThanAsync(Interval);
        harness.Time.Fake.Advance(retryIn);
        var retried = await harness.NextReportAsync();

        Assert.Equal(ServiceStatus.Failed, Assert.Single(failed.Services).Status);
        Assert.Equal([SyncLoopHarness.Key("alpha")], retried.Services.Select(s => s.Key));
        Assert.Equal("192.0.2.9", harness.Slice("alpha").Endpoints.Single().Addresses.Single());
        Assert.Equal("192.0.2.2", harness.Slice("beta").Endpoints.Single().Addresses.Single());
        // With nothing left to retry nothing waits for a re-plan: the loop sleeps until the resync.
        Assert.Equal(0, harness.Replans.Count);
    }

    private void Answer(string service, string address)
    {
        lock (answers)
        {
            answers[service] = address;
        }
    }

    private void Start(params string[] names) =>
        harness.Start(new AnswerSource(this), new SourceHealthStage(), new SyncLoopHarness.Notifier(announcements.Reader), [.. names.Select(name => SyncLoopHarness.Spec(name, Interval))]);

    private sealed class AnswerSource(SyncLoopRetryTests test) : IEndpointSource
    {
        public string Kind => "static";

        public Task<SourceResult> ResolveAsync(ExternalServiceSpec service, CancellationToken cancellationToken)
        {
            lock (test.answers)
            {
                return Task.FromResult(SourceResult.Resolved([new ResolvedEndpoint { Address = test.answers[service.Name] }]));
            }
        }

        public void Forget(ServiceKey service)
        {
        }
    }
}
