using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;
using ExternalEndpointSync.Registrations;
using ExternalEndpointSync.Registrations.ConfigFile;
using ExternalEndpointSync.Registrations.Yaml;
using ExternalEndpointSync.Reporting;
using ExternalEndpointSync.Reporting.Output;
using ExternalEndpointSync.Sync;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using Microsoft.Extensions.DependencyInjection;

namespace ExternalEndpointSync.Benchmarks.Scale;

/// <summary>
/// Where the time of a <c>sync --once</c> of the scale configuration goes: each stage timed in
/// this process, first cold (as the CLI runs it, JIT included) and then warm. The fake API
/// server runs in this process too, so the stages that talk to it include its share.
/// </summary>
public sealed class ScaleStagesBenchmark : IBenchmark
{
    public string Name => "scale-stages";

    public string Description => $"where the time of sync --once goes at {ScaleConfigFile.Services} services: load, read, collect, plan, apply, print, timed per stage";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var directory = Directory.CreateTempSubdirectory("scale-stages-").FullName;
        try
        {
            var path = Path.Combine(directory, "scale.yaml");
            var text = ScaleConfigFile.Render();
            await File.WriteAllTextAsync(path, text, cancellationToken);
            await using var api = await FakeKubernetesApiServer.StartAsync(cancellationToken);
            using var client = api.CreateClient();
            var timer = new StageTimer(output);
            for (var round = 1; round <= 2; round++)
            {
                await output.WriteLineAsync(round == 1 ? "cold (JIT included, as in the CLI):" : "warm:");
                await timer.TimeAsync("YAML to nodes (ConfigYamlReader)", () => Task.FromResult(ConfigYamlReader.Read(text, ConfigPath.Root, new ConfigDiagnostics())));
                var loaded = await timer.TimeAsync("load and validate (ConfigLoader, YAML included)", () => ConfigLoader.LoadFileAsync(path, cancellationToken));
                var config = loaded.Config ?? throw new InvalidOperationException(string.Join("; ", loaded.Errors.Select(static e => e.Message)));
                var options = new SyncOptions();
                var services = new ServiceCollection();
                services.AddLogging();
                services.AddSyncPipeline(config, options).AddOneShotHealth().AddKubernetesApplier(client);
                await using var provider = services.BuildServiceProvider();
                var cluster = provider.GetRequiredService<IClusterStateSource>();
                var collector = provider.GetRequiredService<DesiredStateCollector>();
                var engine = provider.GetRequiredService<SyncEngine>();
                var current = await timer.TimeAsync($"read owned objects ({api.Store.List<k8s.Models.V1Service>("default").Count} Services)", () => cluster.ReadAsync(options.OwnerId, cancellationToken));
                var collected = await timer.TimeAsync("collect (static source, no health check)", () => collector.CollectAsync(config.Services, null, options.MaxConcurrentResolutions, cancellationToken));
                var desired = collected.Select(static c => c.Desired).ToList();
                await timer.TimeAsync("plan", () => Task.FromResult(Planner.Plan(desired, current, new PlanOptions(options.OwnerId, options.Policy))));
                var report = await timer.TimeAsync("whole engine sync (read, collect, plan, apply)", () => engine.SyncOnceAsync(config.Services, options, cancellationToken));
                await output.WriteLineAsync($"    writes: {api.Writes}");
                api.Writes.Reset();
                await timer.TimeAsync("print the report (diff and table, to nowhere)", async () =>
                {
                    await ObjectDiffWriter.WriteAsync(report, TextWriter.Null, colour: false);
                    await ReportTableWriter.WriteAsync(report, TextWriter.Null);
                });
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
