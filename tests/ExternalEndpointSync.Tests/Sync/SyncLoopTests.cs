using System.Threading.Channels;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.Sync;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Tests.Sync;

/// <summary>The long-running loop: full resyncs on the interval, and single services at once when they change or come due.</summary>
public sealed class SyncLoopTests : IAsyncLifetime
{
    private const int ResyncingEventId = 220;
    private const int ResyncingAllEventId = 225;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private readonly Channel<ServiceKey> announcements = Channel.CreateUnbounded<ServiceKey>();
    private SyncLoopHarness harness = null!;
    private ScriptedSource source = null!;

    public async Task InitializeAsync()
    {
        harness = await SyncLoopHarness.StartServerAsync();
        source = new ScriptedSource { Clock = harness.Time };
    }

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task An_announced_change_resyncs_only_that_service_at_once()
    {
        source.Answer("alpha", "192.0.2.1");
        source.Answer("beta", "192.0.2.2");
        Start("alpha", "beta");
        Assert.Equal(2, (await harness.NextReportAsync()).Services.Count);
        var before = harness.Time.GetUtcNow();

        source.Answer("alpha", "192.0.2.9");
        harness.Api.Writes.Reset();
        await announcements.Writer.WriteAsync(SyncLoopHarness.Key("alpha"));
        var report = await harness.NextReportAsync();

        Assert.Equal([SyncLoopHarness.Key("alpha")], report.Services.Select(s => s.Key));
        Assert.Equal(1, harness.Api.Writes.Count("update", "endpointslices"));
        Assert.Equal(1, harness.Api.Writes.Total);
        Assert.Equal(before, harness.Time.GetUtcNow());
        Assert.Equal("192.0.2.9", harness.Slice("alpha").Endpoints.Single().Addresses.Single());
    }

    [Fact]
    public async Task Everything_is_resynced_on_the_interval()
    {
        source.Answer("alpha", "192.0.2.1");
        source.Answer("beta", "192.0.2.2");
        Start("alpha", "beta");
        await harness.NextReportAsync();

        source.Answer("beta", "192.0.2.8");
        Assert.Equal(Interval, await harness.Time.AdvancePastNextTimerAsync(CancellationToken.None));
        var report = await harness.NextReportAsync();

        Assert.Equal(2, report.Services.Count);
        Assert.Equal("192.0.2.8", harness.Slice("beta").Endpoints.Single().Addresses.Single());
    }

    [Fact]
    public async Task A_service_is_resynced_when_its_source_says_the_answer_is_due()
    {
        source.Answer("alpha", "192.0.2.1", refreshAfter: TimeSpan.FromSeconds(5));
        source.Answer("beta", "192.0.2.2");
        Start("alpha", "beta");
        await harness.NextReportAsync();

        source.Answer("alpha", "192.0.2.7", refreshAfter: TimeSpan.FromSeconds(5));
        var wait = await harness.NextTimerShorterThanAsync(Interval);
        harness.Time.Fake.Advance(wait);
        Assert.Equal(TimeSpan.FromSeconds(5) + DesiredStateCollector.RefreshCoalescing, wait);
        var report = await harness.NextReportAsync();

        Assert.Equal([SyncLoopHarness.Key("alpha")], report.Services.Select(s => s.Key));
        Assert.Equal("192.0.2.7", harness.Slice("alpha").Endpoints.Single().Addresses.Single());
    }

    [Fact]
    public async Task Services_whose_answers_expire_close_together_are_synced_together()
    {
        source.Answer("alpha", "192.0.2.1", refreshAfter: TimeSpan.FromSeconds(5));
        source.Answer("beta", "192.0.2.2", refreshAfter: TimeSpan.FromSeconds(5.5));
        source.Answer("gamma", "192.0.2.3", refreshAfter: TimeSpan.FromSeconds(20));
        Start("alpha", "beta", "gamma");
        await harness.NextReportAsync();

        harness.Time.Fake.Advance(await harness.NextTimerShorterThanAsync(Interval));
        var report = await harness.NextReportAsync();

        Assert.Equal([SyncLoopHarness.Key("alpha"), SyncLoopHarness.Key("beta")], report.Services.Select(s => s.Key));
    }

    [Fact]
    public async Task An_announcement_for_a_service_that_is_not_registered_is_ignored()
    {
        source.Answer("alpha", "192.0.2.1");
        Start("alpha");
        await harness.NextReportAsync();
        harness.Api.Writes.Reset();

        await announcements.Writer.WriteAsync(SyncLoopHarness.Key("stranger"));
        await announcements.Writer.WriteAsync(SyncLoopHarness.Key("alpha"));
        var report = await harness.NextReportAsync();

        Assert.Equal([SyncLoopHarness.Key("alpha")], report.Services.Select(s => s.Key));
        Assert.Equal(0, harness.Api.Writes.Total);
    }

    [Fact]
    public async Task A_resync_of_many_services_names_the_first_few_at_information_and_all_at_debug()
    {
        string[] names = ["s1", "s2", "s3", "s4", "s5", "s6", "s7"];
        foreach (var name in names)
        {
            source.Answer(name, "192.0.2.1");
        }

        Start(names);
        await harness.NextReportAsync();

        Assert.Equal(Interval, await harness.Time.AdvancePastNextTimerAsync(CancellationToken.None));
        await harness.NextReportAsync();

        var line = Assert.Single(harness.Logs.Entries, e => e.EventId.Id == ResyncingEventId);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal("7", line.Values["Count"]);
        Assert.Equal("default/s1, default/s2, default/s3, default/s4, default/s5 and 2 more", line.Values["Services"]);
        var all = Assert.Single(harness.Logs.Entries, e => e.EventId.Id == ResyncingAllEventId);
        Assert.Equal(LogLevel.Debug, all.Level);
        Assert.Equal(string.Join(", ", names.Select(n => $"default/{n}")), all.Values["Services"]);
    }

    private void Start(params string[] names) =>
        harness.Start(source, new SourceHealthStage(), new SyncLoopHarness.Notifier(announcements.Reader), [.. names.Select(name => SyncLoopHarness.Spec(name, Interval))]);

    /// <summary>A source whose answers the test sets, with a refresh time when asked.</summary>
    private sealed class ScriptedSource : IEndpointSource
    {
        private readonly Dictionary<string, (string Address, TimeSpan? RefreshAfter)> answers = [];

        public TimeProvider Clock { get; init; } = TimeProvider.System;

        public string Kind => "static";

        public void Answer(string service, string address, TimeSpan? refreshAfter = null)
        {
            lock (answers)
            {
                answers[service] = (address, refreshAfter);
            }
        }

        public Task<SourceResult> ResolveAsync(ExternalServiceSpec service, CancellationToken cancellationToken)
        {
            (string Address, TimeSpan? RefreshAfter) answer;
            lock (answers)
            {
                answer = answers[service.Name];
            }

            return Task.FromResult(SourceResult.Resolved([new ResolvedEndpoint { Address = answer.Address }]) with
            {
                RefreshAt = answer.RefreshAfter is { } after ? Clock.GetUtcNow() + after : null,
            });
        }

        public void Forget(ServiceKey service)
        {
        }
    }
}
