using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Health.Probes;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.Sources.Consul;
using ExternalEndpointSync.Sources.Dns;
using ExternalEndpointSync.Sync;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Registry;
using Polly.Telemetry;

namespace ExternalEndpointSync.Cli;

/// <summary>The composition root of a sync: sources, health stage, planner input, reader and writer.</summary>
public static class SyncServices
{
    /// <summary>
    /// Registers the pipeline. <paramref name="dryRun"/> swaps the writer for one that only reports,
    /// and reads the cluster only if it answers in time; <paramref name="client"/> may then be null,
    /// with <paramref name="noClusterReason"/> saying why.
    /// </summary>
    public static IServiceCollection AddSync(
        this IServiceCollection services, SyncConfig config, IKubernetes? client, bool dryRun, string ownerId, bool once, string? noClusterReason = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        services.TryAddSingleton(TimeProvider.System);
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
        if (config.Services.Any(static s => s.Source is ConsulSourceSpec))
        {
            AddConsul(services, config.Consul ?? new ConsulSettings());
        }

        services.TryAddSingleton(new ProbingHealthOptions
        {
            Mode = once ? ProbingMode.OneShot : ProbingMode.Continuous,
            MaxConcurrentProbes = config.MaxConcurrentProbes,
        });
        services.TryAddSingleton<IHealthStage>(static sp => new ProbingHealthStage(
            DefaultProbes.Create(sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<ProbingHealthOptions>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ProbingHealthStage>>()));
        services.AddSingleton(static sp => new SourceRegistry(sp.GetServices<IEndpointSource>()));
        services.AddSingleton<DesiredStateCollector>();
        services.AddSingleton<SyncEngine>();
        services.AddSingleton<SyncLoop>();
        services.AddSingleton<IServiceChangeNotifier>(static sp => sp.GetRequiredService<IHealthStage>() is ProbingHealthStage probing
            ? new HealthTransitionNotifier(probing)
            : new NoChanges());

        if (client is not null)
        {
            services.AddSingleton(client);
        }

        if (dryRun)
        {
            var reads = new ResiliencePipelineBuilder().AddTimeout(DryRunClusterStateSource.Timeout).Build();
            services.AddSingleton(sp => new DryRunClusterStateSource(
                client is null ? null : new ClusterStateReader(client, reads),
                noClusterReason,
                sp.GetRequiredService<ILogger<DryRunClusterStateSource>>()));
            services.AddSingleton<IClusterStateSource>(static sp => sp.GetRequiredService<DryRunClusterStateSource>());
            services.AddSingleton<IChangeApplier>(sp =>
            {
                var cluster = sp.GetRequiredService<DryRunClusterStateSource>();
                return new DryRunChangeApplier(client, reads, () => cluster.Note is null, ownerId, sp.GetRequiredService<ILogger<DryRunChangeApplier>>());
            });
        }
        else
        {
            services.AddSingleton(static sp => new ClusterStateReader(sp.GetRequiredService<IKubernetes>(), KubernetesPipeline(sp)));
            services.AddSingleton<IClusterStateSource, ApiClusterStateSource>();
            services.AddSingleton<IChangeApplier>(sp => new KubernetesChangeApplier(
                sp.GetRequiredService<IKubernetes>(),
                KubernetesPipeline(sp),
                ownerId,
                sp.GetRequiredService<ILogger<KubernetesChangeApplier>>()));
        }

        return services;
    }

    /// <summary>Only registered when a service uses Consul, so that nothing reads a token file that is not needed.</summary>
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

    private static ResiliencePipeline KubernetesPipeline(IServiceProvider services) =>
        services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(KubernetesResilience.PipelineName);
}
