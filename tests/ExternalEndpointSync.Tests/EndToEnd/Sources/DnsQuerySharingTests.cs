using ExternalEndpointSync.Cli;

namespace ExternalEndpointSync.Tests.EndToEnd.Sources;

/// <summary>Services that resolve the same name through the same name server share one query per sync.</summary>
public sealed class DnsQuerySharingTests : IAsyncLifetime
{
    private const int Services = 50;
    private const int Names = 5;

    private readonly DnsWorld world = new();

    public Task InitializeAsync() => world.InitializeAsync();

    public Task DisposeAsync() => world.DisposeAsync();

    [Fact]
    public async Task Fifty_services_sharing_five_names_send_one_query_per_name()
    {
        var records = DnsWorld.Records();
        for (var n = 0; n < Names; n++)
        {
            records.Host($"shared-{n}.e2e.test", 30, $"192.0.2.{100 + n}");
        }

        await world.Dns.ReplaceRecordsAsync(records);
        var config = world.Sync.WriteConfig(string.Concat(
            Enumerable.Range(0, Services).Select(i => world.Service($"svc-{i:D2}", $"shared-{i % Names}.e2e.test"))));

        var run = await world.Sync.SyncAsync(config);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        for (var i = 0; i < Services; i++)
        {
            var slice = Assert.Single(world.Sync.Slices("default", $"svc-{i:D2}"));
            Assert.Equal($"192.0.2.{100 + (i % Names)}", Assert.Single(slice.Endpoints).Addresses.Single());
        }

        var queries = await world.Dns.QueriesAsync();
        Assert.Equal(
            Enumerable.Range(0, Names).Select(static n => $"A shared-{n}.e2e.test"),
            queries.Select(static q => $"{q.Type} {q.Name}").Order(StringComparer.Ordinal));
    }
}
