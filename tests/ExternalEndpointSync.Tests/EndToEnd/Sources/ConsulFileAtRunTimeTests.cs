using System.Threading.Channels;
using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations.ConfigFile;
using ExternalEndpointSync.Reporting;
using ExternalEndpointSync.Sync;
using ExternalEndpointSync.TestSupport.Consul;
using ExternalEndpointSync.TestSupport.Dns;
using Microsoft.Extensions.DependencyInjection;

namespace ExternalEndpointSync.Tests.EndToEnd.Sources;

/// <summary>
/// The long-running pipeline, wired as <c>sync</c> wires it: a Consul token file that was there
/// when the configuration loaded and is gone when the sync runs fails only the Consul service,
/// with a one-line reason, while the static and DNS services of the same file sync.
/// </summary>
public sealed class ConsulFileAtRunTimeTests : IAsyncLifetime
{
    private const string Token = "run-time-token";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly SyncWorld world = new();
    private readonly string tokenDirectory = Directory.CreateTempSubdirectory("ees-consul-token-").FullName;
    private readonly Channel<SyncReport> reports = Channel.CreateUnbounded<SyncReport>();
    private ConsulDouble consul = null!;
    private DnsmasqServer dns = null!;

    public async Task InitializeAsync()
    {
        await world.InitializeAsync();
        consul = await ConsulDouble.StartAsync(new ConsulDoubleOptions { RequiredToken = Token });
        dns = await DnsmasqServer.StartAsync(DnsWorld.Records().Host("web.e2e.test", 30, "192.0.2.60"));
    }

    public async Task DisposeAsync()
    {
        await dns.DisposeAsync();
        await consul.DisposeAsync();
        await world.DisposeAsync();
        Directory.Delete(tokenDirectory, recursive: true);
    }

    [Fact]
    public async Task A_token_file_removed_after_loading_fails_only_the_consul_service_with_a_one_line_reason()
    {
        using var patience = new CancellationTokenSource(Patience);
        consul.Register("redis", new ConsulDoubleInstance { Id = "r1", Address = "192.0.2.1", Port = 6379 });
        var tokenFile = Path.Combine(tokenDirectory, "token");
        await File.WriteAllTextAsync(tokenFile, Token);
        var path = world.WriteConfig(
            "  - name: cache\n    ports: [ { name: redis, port: 6379 } ]\n    source:\n      consul: { service: redis }\n" +
            SyncWorld.StaticService("plain", ["192.0.2.50"]) +
            $"  - name: web\n    ports: [ {{ name: http, port: 80 }} ]\n    source:\n      dns: {{ name: web.e2e.test, type: A, nameservers: [ \"{dns.Nameserver}\" ] }}\n",
            $"consul: {{ address: \"{consul.Address}\", tokenFile: \"{tokenFile}\" }}\n");
        var loaded = await ConfigLoader.LoadFileAsync(path, CancellationToken.None);
        Assert.True(loaded.IsValid, string.Join('\n', loaded.Errors));
        File.Delete(tokenFile);

        using var client = world.Api.CreateClient();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSyncPipeline(loaded.Config!, new SyncOptions()).AddContinuousHealth().AddKubernetesApplier(client);
        await using var provider = services.BuildServiceProvider();
        using var stop = new CancellationTokenSource();
        var loop = provider.GetRequiredService<SyncLoop>().RunAsync(
            new FileRegistrationSource(loaded.Config!), new SyncOptions(), async (report, ct) => await reports.Writer.WriteAsync(report, ct), stop.Token);
        SyncReport first;
        try
        {
            first = await reports.Reader.ReadAsync(patience.Token);
        }
        finally
        {
            await stop.CancelAsync();
            await loop;
        }

        var cache = Assert.Single(first.Services, s => s.Key.Name == "cache");
        Assert.Equal(ServiceStatus.Failed, cache.Status);
        var error = Assert.Single(cache.Errors);
        Assert.Equal($"configuration error: consul.tokenFile: cannot read token file \"{tokenFile}\": the file does not exist", error);
        Assert.Empty(world.Slices("default", "cache"));
        Assert.All(first.Services.Where(s => s.Key.Name != "cache"), s => Assert.Empty(s.Errors));
        Assert.Equal("192.0.2.50", Assert.Single(Assert.Single(world.Slices("default", "plain")).Endpoints).Addresses.Single());
        Assert.Equal("192.0.2.60", Assert.Single(Assert.Single(world.Slices("default", "web")).Endpoints).Addresses.Single());
        Assert.Empty(consul.Requests);
    }
}
