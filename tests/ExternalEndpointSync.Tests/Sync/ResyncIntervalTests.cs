using System.Threading.Channels;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;

namespace ExternalEndpointSync.Tests.Sync;

/// <summary>Every service is resynced at its own <c>resyncInterval</c>, not at the shortest of all.</summary>
public sealed class ResyncIntervalTests : IAsyncLifetime
{
    private readonly Channel<ServiceKey> announcements = Channel.CreateUnbounded<ServiceKey>();
    private SyncLoopHarness harness = null!;

    public async Task InitializeAsync() => harness = await SyncLoopHarness.StartServerAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Two_services_with_different_intervals_are_each_resynced_at_their_own(bool quartz)
    {
        harness.QuartzResyncs = quartz;
        harness.Start(
            new StaticSource(),
            new SourceHealthStage(),
            new SyncLoopHarness.Notifier(announcements.Reader),
            SyncLoopHarness.Spec("fast", TimeSpan.FromSeconds(10)),
            SyncLoopHarness.Spec("slow", TimeSpan.FromSeconds(25)));
        Assert.Equal(2, (await harness.NextReportAsync()).Services.Count);
        var resynced = new List<(TimeSpan At, string Services)>();
        var start = harness.Time.GetUtcNow();

        foreach (var step in new[] { 10, 10, 5, 5, 10 })
        {
            harness.Time.Fake.Advance(TimeSpan.FromSeconds(step));
            var report = await harness.NextReportAsync();
            resynced.Add((harness.Time.GetUtcNow() - start, string.Join(",", report.Services.Select(s => s.Key.Name))));
        }

        Assert.Equal(
            [
                (TimeSpan.FromSeconds(10), "fast"),
                (TimeSpan.FromSeconds(20), "fast"),
                (TimeSpan.FromSeconds(25), "slow"),
                (TimeSpan.FromSeconds(30), "fast"),
                (TimeSpan.FromSeconds(40), "fast"),
            ],
            resynced);
    }
}
