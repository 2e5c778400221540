using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations.ConfigFile;
using ExternalEndpointSync.Reporting;
using ExternalEndpointSync.Sync;
using ExternalEndpointSync.TestSupport.Consul;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ExternalEndpointSync.Tests.EndToEnd.Sources;

/// <summary>
/// The long-running pipeline, wired as <c>sync</c> without <c>--once</c> wires it, against the fake
/// API server: a change registered in Consul reaches the cluster through the blocking-query watch
/// and the <see cref="SyncLoop"/> as exactly one EndpointSlice update, without waiting for a resync.
/// </summary>
public sealed class ConsulChangeStreamTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>A bound on waiting for what the pipeline does by itself; never a schedule.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly SyncWorld world = new();
    private readonly Channel<SyncReport> reports = Channel.CreateUnbounded<SyncReport>();
    private ConsulDouble consul = null!;

    public async Task InitializeAsync()
    {
        await world.InitializeAsync();
        consul = await ConsulDouble.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await consul.DisposeAsync();
        await world.DisposeAsync();
    }

    [Fact]
    public async Task A_new_instance_address_in_consul_reaches_the_api_server_as_exactly_one_slice_update()
    {
        using var patience = new CancellationTokenSource(Patience);
        consul.Register("redis", new ConsulDoubleInstance { Id = "r1", Address = "192.0.2.1", Port = 6379 });
        var config = await LoadAsync(
            "  - name: cache\n    ports: [ { name: redis, port: 6379 } ]\n    source:\n      consul: { service: redis }\n" +
            SyncWorld.StaticService("plain", ["192.0.2.50"]));
        using var client = world.Api.CreateClient();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSyncPipeline(config, new SyncOptions()).AddContinuousHealth().AddKubernetesApplier(client);
        await using var provider = services.BuildServiceProvider();
        using var stop = new CancellationTokenSource();
        var loop = provider.GetRequiredService<SyncLoop>().RunAsync(
            new FileRegistrationSource(config), new SyncOptions(), async (report, ct) => await reports.Writer.WriteAsync(report, ct), stop.Token);
        try
        {
            var first = await reports.Reader.ReadAsync(patience.Token);
            Assert.Equal(0, first.Failed);
            Assert.Equal("192.0.2.1", Assert.Single(Assert.Single(world.Slices("default", "cache")).Endpoints).Addresses.Single());
            // The first change also pays for warming up the partial-sync path; the second shows the steady state.
            foreach (var (address, round) in new[] { ("192.0.2.9", 1), ("192.0.2.10", 2) })
            {
                await consul.WaitUntilHeldAsync("redis", consul.IndexOf("redis"), patience.Token);
                world.Api.Writes.Reset();

                var clock = Stopwatch.StartNew();
                consul.Register("redis", new ConsulDoubleInstance { Id = "r1", Address = address, Port = 6379 });
                var change = await NextReportWithWritesAsync(patience.Token);
                clock.Stop();

                Assert.Equal(["default/cache"], change.Services.Select(static s => s.Key.ToString()));
                Assert.True(world.Api.Writes.Total == 1, world.Api.Writes.ToString());
                Assert.Equal(1, world.Api.Writes.Count("update", "endpointslices"));
                Assert.Equal(address, Assert.Single(Assert.Single(world.Slices("default", "cache")).Endpoints).Addresses.Single());
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"change {round}: Consul registration to EndpointSlice update applied in {clock.Elapsed.TotalMilliseconds:0.0} ms"));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await loop;
        }
    }

    /// <summary>
    /// Skips reports of partial syncs that changed nothing: a watcher announces its first answer
    /// too, so the loop re-syncs the service once more after the first full sync, and that sync
    /// may run before or after the change lands in Consul. Writes are counted on the API server,
    /// so a skipped report cannot hide a write.
    /// </summary>
    private async Task<SyncReport> NextReportWithWritesAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var report = await reports.Reader.ReadAsync(cancellationToken);
            if (report.Created + report.Updated + report.Deleted > 0)
            {
                return report;
            }

            output.WriteLine($"skipped a report without writes: {string.Join(", ", report.Services.Select(static s => $"{s.Key} {s.Status}"))}");
        }
    }

    private async Task<SyncConfig> LoadAsync(string servicesYaml)
    {
        var path = world.WriteConfig(servicesYaml, $"consul: {{ address: \"{consul.Address}\", tokenEnv: EES_E2E_NO_SUCH_VARIABLE }}\n");
        var loaded = await ConfigLoader.LoadFileAsync(path, CancellationToken.None);
        Assert.True(loaded.IsValid, string.Join('\n', loaded.Errors));
        return loaded.Config!;
    }
}
