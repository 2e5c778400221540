using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Registrations.Policy;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Reporting.Metrics;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.Sources.Consul;
using ExternalEndpointSync.Sources.Dns;
using ExternalEndpointSync.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using k8s;
using Polly;
using Polly.Registry;
using Polly.Telemetry;

namespace ExternalEndpointSync.Cli;

/// <summary>
/// The composition root of a sync, in pieces: <see cref="AddSyncPipeline"/> (sources, planner
/// input, loop) and then one health stage and one applier from <see cref="SyncPipelineBuilder"/>.
/// </summary>
public static class SyncServices
{
    /// <summary>
    /// Registers what every sync shares. <paramref name="options"/> is registered too, so the owner
    /// id the writers label with is the one the planner plans with.
    /// </summary>
    public static SyncPipelineBuilder AddSyncPipeline(this IServiceCollection services, SyncConfig config, SyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<SyncMetrics>();
        services.AddSingleton(options);
        services.TryAddSingleton(new KubernetesRetryOptions());
        services.AddResiliencePipeline(KubernetesResilience.PipelineName, static (builder, context) => KubernetesResilience.Configure(
            builder,
            context.ServiceProvider.GetRequiredService<KubernetesRetryOptions>(),
            context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KubernetesResilience).FullName!)));

        // Polly's telemetry logs two lines per request with the whole response in them, and
        // every retry with its stack trace; the pipeline logs its retries itself. Metrics stay.
        services.Configure<TelemetryOptions>(static o => o.LoggerFactory = NullLoggerFactory.Instance);
        services.AddSingleton<IEndpointSource, StaticSource>();
        services.TryAddSingleton<ILookupClientFactory, LookupClientFactory>();
        services.AddSingleton<DnsSource>();
        services.AddSingleton<IEndpointSource>(static sp => sp.GetRequiredService<DnsSource>());
        AddConsul(services, config.Consul ?? new ConsulSettings());
        services.AddSingleton(static sp => new SourceRegistry(sp.GetServices<IEndpointSource>()));
        services.AddSingleton(static sp => new ReplanQueue(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<SyncMetrics>()));
        services.AddSingleton<IResyncSchedule>(static sp => new QuartzResyncSchedule(sp.GetRequiredService<ReplanQueue>(), sp.GetRequiredService<TimeProvider>()));
        AddRegistrationPolicy(services, config.ExternalServices);
        services.AddSingleton<DesiredStateCollector>();
        services.AddSingleton<SyncEngine>();
        services.AddSingleton<SyncLoop>();
        return new SyncPipelineBuilder(services, config.MaxConcurrentProbes, options.OwnerId);
    }

    /// <summary>
    /// The cluster facts come from the cluster the applier writes to (none under a dry-run without
    /// one), and only when ExternalServices are on: a file-only sync never lists Nodes. They are
    /// listed for each sync that judges an ExternalService, unless a watch cache of them was added
    /// (<see cref="SyncPipelineBuilder.AddClusterFacts"/>).
    /// </summary>
    private static void AddRegistrationPolicy(IServiceCollection services, ExternalServicePolicy? policy)
    {
        services.AddSingleton(sp => new RegistrationPolicy(
            policy,
            policy is not { Enabled: true } ? null
                : sp.GetService<ClusterFactsCache>() is { } cache ? cache
                : sp.GetService<IKubernetes>() is { } client
                    ? new ClusterFactsReader(
                        client,
                        sp.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(KubernetesResilience.PipelineName),
                        readNamespaceLabels: policy.NamespaceSelector is not null)
                    : null));
    }

    /// <summary>
    /// Always there, since a registration that arrives later may use Consul. Creating the client
    /// reads no file: the token and certificates are read by the first request, so a
    /// configuration without a Consul service never reads them.
    /// </summary>
    private static void AddConsul(IServiceCollection services, ConsulSettings settings)
    {
        services.TryAddSingleton(new ConsulSourceOptions());
        services.AddSingleton(sp => ConsulClientFactory.Create(settings, sp.GetRequiredService<ConsulSourceOptions>()));
        services.AddSingleton(sp => new ConsulSource(
            settings,
            sp.GetRequiredService<ConsulClient>(),
            sp.GetRequiredService<ILogger<ConsulSource>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ConsulSourceOptions>(),
            new DnsHostResolver(settings.Nameservers, sp.GetRequiredService<ILookupClientFactory>(), sp.GetRequiredService<TimeProvider>())));
        services.AddSingleton<IEndpointSource>(static sp => sp.GetRequiredService<ConsulSource>());
        services.AddSingleton<IServiceChangeNotifier>(static sp => sp.GetRequiredService<ConsulSource>());
    }
}
