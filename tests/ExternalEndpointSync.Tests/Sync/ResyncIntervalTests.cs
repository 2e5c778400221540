using System.Threading.Channels;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;

namespace ExternalEndpointSync.Tests.Sync;

/// <summary>Every service is resynced at its own <c>resyncInterval</c>, not at the shortest of all.</summary>
public sealed class ResyncIntervalTests : SyncLoopServerTest
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Two_services_with_different_intervals_are_each_resynced_at_their_own(bool quartz)
    {
        Harness.QuartzResyncs = quartz;
        Harness.Start(
            new StaticSource(),
            new SourceHealthStage(),
            new SyncLoopHarness.Notifier(Announcements.Reader),
            SyncLoopHarness.Spec("fast", TimeSpan.FromSeconds(10)),
            SyncLoopHarness.Spec("slow", TimeSpan.FromSeconds(25)));
        Assert.Equal(2, (await Harness.NextReportAsync()).Services.Count);
        var resynced = new List<(TimeSpan At, string Services)>();
        var start = Harness.Time.GetUtcNow();

        foreach (var step in new[] { 10, 10, 5, 5, 10 })
        {
            Harness.Time.Fake.Advance(TimeSpan.FromSeconds(step));
            var report = await Harness.NextReportAsync();
            resynced.Add((Harness.Time.GetUtcNow() - start, string.Join(",", report.Services.Select(s => s.Key.Name))));
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
