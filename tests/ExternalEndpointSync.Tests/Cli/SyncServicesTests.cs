using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.Sources.Consul;
using Microsoft.Extensions.DependencyInjection;

namespace ExternalEndpointSync.Tests.Cli;

/// <summary>The composition root registers what the configuration and the mode ask for, and nothing else.</summary>
public sealed class SyncServicesTests
{
    [Theory]
    [InlineData(true, ProbingMode.OneShot)]
    [InlineData(false, ProbingMode.Continuous)]
    public async Task Probing_follows_the_mode_and_the_configured_limit(bool once, ProbingMode mode)
    {
        await using var provider = Build(new SyncConfig { MaxConcurrentProbes = 7 }, dryRun: true, once);

        var options = provider.GetRequiredService<ProbingHealthOptions>();

        Assert.Equal((mode, 7), (options.Mode, options.MaxConcurrentProbes));
        Assert.IsType<ProbingHealthStage>(provider.GetRequiredService<IHealthStage>());
    }

    [Fact]
    public async Task The_consul_source_exists_only_when_a_service_uses_consul()
    {
        var consulService = new ExternalServiceSpec { Name = "cache", Ports = [new ServicePortSpec { Port = 6379 }], Source = new ConsulSourceSpec { Service = "redis" } };
        await using var without = Build(new SyncConfig(), dryRun: true, once: true);
        await using var with = Build(new SyncConfig { Services = [consulService], Consul = new ConsulSettings() }, dryRun: true, once: true);

        Assert.Equal(["dns", "static"], without.GetServices<IEndpointSource>().Select(s => s.Kind).Order(StringComparer.Ordinal));
        Assert.Equal(["consul", "dns", "static"], with.GetServices<IEndpointSource>().Select(s => s.Kind).Order(StringComparer.Ordinal));
        Assert.Contains(with.GetServices<IServiceChangeNotifier>(), n => n is ConsulSource);
    }

    [Fact]
    public async Task Dry_run_swaps_the_writer_and_no_cluster_means_an_empty_cluster()
    {
        await using var provider = Build(new SyncConfig(), dryRun: true, once: true);

        Assert.IsType<DryRunChangeApplier>(provider.GetRequiredService<IChangeApplier>());
        Assert.IsType<DryRunClusterStateSource>(provider.GetRequiredService<IClusterStateSource>());
    }

    private static ServiceProvider Build(SyncConfig config, bool dryRun, bool once)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSync(config, client: null, dryRun, "default", once);
        return services.BuildServiceProvider();
    }
}
