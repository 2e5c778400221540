using System.Threading.Channels;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Reporting;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.Sync;
using ExternalEndpointSync.TestSupport.FakeKubernetes;

namespace ExternalEndpointSync.Tests.Sync;

/// <summary>A re-sync that fails keeps its services due: they are retried with backoff, not left for the next full resync.</summary>
public sealed class SyncLoopRetryTests : SyncLoopServerTest
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    private readonly Dictionary<string, string> answers = [];

    [Fact]
    public async Task An_announced_change_whose_sync_cannot_read_the_cluster_is_retried_with_growing_backoff_until_it_lands()
    {
        Answer("alpha", "192.0.2.1");
        Answer("beta", "192.0.2.2");
        Start("alpha", "beta");
        await Harness.NextReportAsync();

        Answer("alpha", "192.0.2.9");
        Harness.Api.Faults.Enqueue(new Fault { Verb = "list", Resource = "services", StatusCode = 503, Times = 2 });
        await Announcements.Writer.WriteAsync(SyncLoopHarness.Key("alpha"));
        var first = await Harness.NextTimerShorterThanAsync(Interval);
        Harness.Time.Fake.Advance(first);
        var second = await Harness.NextTimerShorterThanAsync(Interval);
        Harness.Time.Fake.Advance(second);
        var report = await Harness.NextReportAsync();

        Assert.InRange(first, SyncRetrySchedule.BaseDelay / 2, SyncRetrySchedule.BaseDelay);
        Assert.InRange(second, SyncRetrySchedule.BaseDelay, SyncRetrySchedule.BaseDelay * 2);
        Assert.Equal(0, Harness.Api.Faults.Pending);
        Assert.Equal([SyncLoopHarness.Key("alpha")], report.Services.Select(s => s.Key));
        Assert.Equal("192.0.2.9", Harness.Slice("alpha").Endpoints.Single().Addresses.Single());
    }

    [Fact]
    public async Task A_service_whose_write_fails_is_retried_alone_and_a_success_ends_its_retries()
    {
        Answer("alpha", "192.0.2.1");
        Answer("beta", "192.0.2.2");
        Start("alpha", "beta");
        await Harness.NextReportAsync();

        Answer("alpha", "192.0.2.9");
        Answer("beta", "192.0.2.8");
        Harness.Api.Faults.Enqueue(new Fault { Verb = "update", Resource = "endpointslices", StatusCode = 500, Times = 1 });
        await Announcements.Writer.WriteAsync(SyncLoopHarness.Key("alpha"));
        var failed = await Harness.NextReportWithErrorsAsync();
        var retryIn = await Harness.NextTimerShorterThanAsync(Interval);
        Harness.Time.Fake.Advance(retryIn);
        var retried = await Harness.NextReportAsync();

        Assert.Equal(ServiceStatus.Failed, Assert.Single(failed.Services).Status);
        Assert.Equal([SyncLoopHarness.Key("alpha")], retried.Services.Select(s => s.Key));
        Assert.Equal("192.0.2.9", Harness.Slice("alpha").Endpoints.Single().Addresses.Single());
        Assert.Equal("192.0.2.2", Harness.Slice("beta").Endpoints.Single().Addresses.Single());
        // With nothing left to retry nothing waits for a re-plan: the loop sleeps until the resync.
        Assert.Equal(0, Harness.Replans.Count);
    }

    private void Answer(string service, string address)
    {
        lock (answers)
        {
            answers[service] = address;
        }
    }

    private void Start(params string[] names) =>
        Harness.Start(new AnswerSource(this), new SourceHealthStage(), new SyncLoopHarness.Notifier(Announcements.Reader), [.. names.Select(name => SyncLoopHarness.Spec(name, Interval))]);

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
