using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.Sources.Consul;
using ExternalEndpointSync.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace ExternalEndpointSync.Tests.Cli;

/// <summary>The composition root registers what the command picks, piece by piece.</summary>
public sealed class SyncServicesTests
{
    [Fact]
    public async Task One_shot_health_probes_once_per_sync_with_the_configured_limit_and_announces_nothing()
    {
        await using var provider = Build(new SyncConfig { MaxConcurrentProbes = 7 }, static p => p.AddOneShotHealth().AddDryRunApplier(null, "no cluster"));

        var options = provider.GetRequiredService<ProbingHealthOptions>();

        Assert.Equal((ProbingMode.OneShot, 7), (options.Mode, options.MaxConcurrentProbes));
        Assert.IsType<ProbingHealthStage>(provider.GetRequiredService<IHealthStage>());
        Assert.DoesNotContain(provider.GetServices<IServiceChangeNotifier>(), n => n is HealthTransitionNotifier);
    }

    [Fact]
    public async Task Continuous_health_announces_the_transitions_of_the_same_stage()
    {
        await using var provider = Build(new SyncConfig { MaxConcurrentProbes = 7 }, static p => p.AddContinuousHealth().AddDryRunApplier(null, "no cluster"));

        var options = provider.GetRequiredService<ProbingHealthOptions>();
        var notifier = Assert.Single(provider.GetServices<IServiceChangeNotifier>().OfType<HealthTransitionNotifier>());

        Assert.Equal((ProbingMode.Continuous, 7), (options.Mode, options.MaxConcurrentProbes));
        Assert.Same(((ProbingHealthStage)provider.GetRequiredService<IHealthStage>()).Transitions, notifier.Changes);
    }

    [Fact]
    public async Task The_consul_source_is_there_for_a_registration_that_may_come_later_and_reads_no_file_until_it_is_used()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"ees-no-such-token-{Guid.NewGuid():N}");
        await using var provider = Build(
            new SyncConfig { Consul = new ConsulSettings { TokenFile = missing, CaFile = missing } },
            static p => p.AddOneShotHealth().AddDryRunApplier(null, "no cluster"));

        var kinds = provider.GetServices<IEndpointSource>().Select(s => s.Kind).Order(StringComparer.Ordinal);
        var report = await provider.GetRequiredService<SyncEngine>().SyncOnceAsync(
            [new ExternalServiceSpec { Name = "web", Ports = [new ServicePortSpec { Port = 80 }], Source = new StaticSourceSpec { Addresses = ["192.0.2.1"] } }],
            new SyncOptions(),
            CancellationToken.None);

        Assert.Equal(["consul", "dns", "static"], kinds);
        Assert.Contains(provider.GetServices<IServiceChangeNotifier>(), n => n is ConsulSource);
        Assert.Equal(0, report.Failed);
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public async Task Dry_run_swaps_the_writer_and_no_cluster_means_an_empty_cluster()
    {
        await using var provider = Build(new SyncConfig(), static p => p.AddOneShotHealth().AddDryRunApplier(null, "no cluster"));

        Assert.IsType<DryRunChangeApplier>(provider.GetRequiredService<IChangeApplier>());
        Assert.IsType<DryRunClusterStateSource>(provider.GetRequiredService<IClusterStateSource>());
    }

    private static ServiceProvider Build(SyncConfig config, Action<SyncPipelineBuilder> choose)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        choose(services.AddSyncPipeline(config, new SyncOptions()));
        return services.BuildServiceProvider();
    }
}
