using System.Threading.Channels;
using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Registrations.ConfigFile;
using ExternalEndpointSync.Reporting;
using ExternalEndpointSync.Sync;
using ExternalEndpointSync.Tests.Registrations.ConfigFile;
using ExternalEndpointSync.Tests.Worker;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>
/// A reloaded configuration file reaches the cluster through the running loop, as <c>run</c>
/// wires it: against the fake API server, a new service is created, a removed one deleted under
/// the sync policy, a changed one updated, and an unchanged one not written at all.
/// </summary>
public sealed class ConfigReloadTests : SyncWorldTest
{
    private const string Header = "apiVersion: externalendpoints.io/v1alpha1\nkind: SyncConfig\nservices:\n";

    [Fact]
    public async Task A_reload_creates_the_added_deletes_the_removed_updates_the_changed_and_leaves_the_rest()
    {
        using var volume = new ConfigMapVolume(Header +
            SyncWorld.StaticService("kept", ["192.0.2.1"]) + SyncWorld.StaticService("changed", ["192.0.2.2"]) + SyncWorld.StaticService("removed", ["192.0.2.3"]));
        var loaded = await ConfigLoader.LoadFileAsync(volume.ConfigPath, CancellationToken.None);
        Assert.True(loaded.IsValid, string.Join('\n', ConfigDiagnosticFormatter.Format(loaded)));
        using var file = new ReloadingConfigFile(volume.ConfigPath, loaded.Config!, ReloadingConfigFile.DefaultPollInterval, new FakeTimeProvider(), NullLogger<ReloadingConfigFile>.Instance);
        using var client = World.Api.CreateClient();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSyncPipeline(file.Current, new SyncOptions()).AddContinuousHealth().AddKubernetesApplier(client);
        await using var provider = services.BuildServiceProvider();
        var reports = Channel.CreateUnbounded<SyncReport>();
        using var registrations = file.Subscribe();
        using var stop = new CancellationTokenSource();
        var loop = provider.GetRequiredService<SyncLoop>().RunAsync(
            registrations, new SyncOptions(), async (report, ct) => await reports.Writer.WriteAsync(report, ct), stop.Token);
        try
        {
            using var patience = new CancellationTokenSource(Eventually.Limit);
            Assert.Equal(0, (await reports.Reader.ReadAsync(patience.Token)).Failed);
            await Eventually.WaitAsync(() => World.Slices("default", "removed").Count == 1, "the first sync wrote every service");
            World.Api.Writes.Reset();

            volume.Update(Header +
                SyncWorld.StaticService("kept", ["192.0.2.1"]) + SyncWorld.StaticService("changed", ["192.0.2.22"]) + SyncWorld.StaticService("added", ["192.0.2.4"]));
            Assert.Equal(ConfigReloadResult.Applied, (await file.ReloadAsync(force: false, CancellationToken.None))!.Result);

            await Eventually.WaitAsync(
                () => World.Slices("default", "added").Count == 1
                    && World.Slices("default", "removed").Count == 0
                    && World.Api.Store.List<V1Service>("default").All(s => s.Metadata.Name != "removed")
                    && World.Slices("default", "changed").Single().Endpoints.Single().Addresses.Single() == "192.0.2.22",
                "the reload reached the cluster",
                () => World.Api.Writes.ToString());
            Assert.Equal("192.0.2.1", World.Slices("default", "kept").Single().Endpoints.Single().Addresses.Single());
            Assert.True(World.Api.Writes.Total == 5, World.Api.Writes.ToString());
            Assert.Equal(1, World.Api.Writes.Count("create", "services"));
            Assert.Equal(1, World.Api.Writes.Count("create", "endpointslices"));
            Assert.Equal(1, World.Api.Writes.Count("update", "endpointslices"));
            Assert.Equal(1, World.Api.Writes.Count("delete", "services"));
            Assert.Equal(1, World.Api.Writes.Count("delete", "endpointslices"));
        }
        finally
        {
            await stop.CancelAsync();
            await loop;
        }
    }
}
