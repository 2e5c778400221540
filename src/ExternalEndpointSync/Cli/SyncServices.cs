using ExternalEndpointSync.Health;
using ExternalEndpointSync.Kubernetes;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.Sources.Dns;
using ExternalEndpointSync.Sync;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Registry;

namespace ExternalEndpointSync.Cli;

/// <summary>The composition root of a sync: sources, health stage, planner input, reader and writer.</summary>
public static class SyncServices
{
    /// <summary>
    /// Registers the pipeline. <paramref name="client"/> is null when there is no cluster (dry-run
    /// against an empty cluster); <paramref name="dryRun"/> swaps the writer for one that only reports.
    /// </summary>
    public static IServiceCollection AddSync(this IServiceCollection services, IKubernetes? client, bool dryRun, string ownerId)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new KubernetesRetryOptions());
        services.AddResiliencePipeline(KubernetesResilience.PipelineName, static (builder, context) =>
            KubernetesResilience.Configure(builder, context.ServiceProvider.GetRequiredService<KubernetesRetryOptions>()));
        services.AddSingleton<IEndpointSource, StaticSource>();
        services.TryAddSingleton<ILookupClientFactory, LookupClientFactory>();
        services.AddSingleton<IEndpointSource, DnsSource>();
        services.TryAddSingleton<IHealthStage, SourceHealthStage>();
        services.AddSingleton(static sp => new SourceRegistry(sp.GetServices<IEndpointSource>()));
        services.AddSingleton<DesiredStateCollector>();
        services.AddSingleton<SyncEngine>();

        if (client is null)
        {
            services.AddSingleton<IClusterStateSource, EmptyClusterStateSource>();
        }
        else
        {
            services.AddSingleton(client);
            services.AddSingleton(static sp => new ClusterStateReader(sp.GetRequiredService<IKubernetes>(), KubernetesPipeline(sp)));
            services.AddSingleton<IClusterStateSource, ApiClusterStateSource>();
        }

        if (dryRun)
        {
            services.AddSingleton<IChangeApplier, DryRunChangeApplier>();
        }
        else
        {
            services.AddSingleton<IChangeApplier>(sp => new KubernetesChangeApplier(
                sp.GetRequiredService<IKubernetes>(),
                KubernetesPipeline(sp),
                ownerId,
                sp.GetRequiredService<ILogger<KubernetesChangeApplier>>()));
        }

        return services;
    }

    private static ResiliencePipeline KubernetesPipeline(IServiceProvider services) =>
        services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(KubernetesResilience.PipelineName);
}
