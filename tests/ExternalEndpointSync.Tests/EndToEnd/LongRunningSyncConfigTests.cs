using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Tests.Worker;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>
/// <c>sync</c> without <c>--once</c> keeps the configuration it started with, as the README says:
/// hot reload is <c>run</c>'s; a changed file changes nothing until a restart.
/// </summary>
public sealed class LongRunningSyncConfigTests : SyncWorldTest
{
    [Fact]
    public async Task A_long_running_sync_does_not_pick_up_a_changed_file_however_many_resyncs_pass()
    {
        var config = World.WriteConfig(SyncWorld.StaticService("first", ["192.0.2.1"], "web", "    resyncInterval: 1s\n"));
        using var stop = new CancellationTokenSource();
        using var logs = new CollectedLogs();
        var environment = new CliEnvironment
        {
            Output = TextWriter.Null,
            Error = TextWriter.Null,
            LoggingOverride = builder => builder.AddProvider(logs),
            GetEnvironmentVariable = new CliRunSettings().Variable,
            ConfigureServices = services => services.AddSingleton(CliRun.FastRetries),
        };
        var running = Task.Run(() => new CliApp(environment).RunAsync(["sync", "--config", config, "--kubeconfig", World.Kubeconfig], stop.Token));
        await Eventually.WaitAsync(() => World.Api.Store.Get<V1Service>("web", "first") is not null, "the first service is created");

        await File.WriteAllTextAsync(config, (await File.ReadAllTextAsync(config)) + SyncWorld.StaticService("second", ["192.0.2.2"], "web", "    resyncInterval: 1s\n"));
        // Resyncs read the watch cache, not the API, so they are counted in the log (EventId 220).
        int Resyncs() => logs.ToString().Split("Re-syncing").Length - 1;

        var resyncs = Resyncs();
        await Eventually.WaitAsync(() => Resyncs() >= resyncs + 3, "three more resyncs of the running sync", () => logs.ToString());

        Assert.Null(World.Api.Store.Get<V1Service>("web", "second"));
        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Success, await running.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
