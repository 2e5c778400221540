using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Reporting.Metrics;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Registry;

namespace ExternalEndpointSync.Applier;

/// <summary>Registers the writer and what reads the cluster for it: the only place that knows about dry-run.</summary>
public static class ChangeApplierServices
{
    /// <summary>
    /// <see cref="ApplyMode.Write"/>: the writer and the reader of owned objects, both through the
    /// <c>kubernetes</c> pipeline, on the registered <see cref="IKubernetes"/>.
    /// <see cref="ApplyMode.DryRun"/>: a writer that only reports, planning against the cluster
    /// when one is registered and answers in time, otherwise against an empty one
    /// (<paramref name="noClusterReason"/> says why there is none).
    /// </summary>
    public static IServiceCollection AddChangeApplier(this IServiceCollection services, ApplyMode mode, string ownerId, string? noClusterReason = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (mode == ApplyMode.DryRun)
        {
            var reads = new ResiliencePipelineBuilder().AddTimeout(DryRunClusterStateSource.Timeout).Build();
            services.AddSingleton(sp => new DryRunClusterStateSource(
                sp.GetService<IKubernetes>() is { } client ? new ClusterStateReader(client, reads, sp.GetRequiredService<SyncMetrics>()) : null,
                noClusterReason,
                sp.GetRequiredService<ILogger<DryRunClusterStateSource>>()));
            services.AddSingleton<IClusterStateSource>(static sp => sp.GetRequiredService<DryRunClusterStateSource>());
            services.AddSingleton<IChangeApplier>(sp => new DryRunChangeApplier(
                sp.GetService<IKubernetes>(),
                reads,
                sp.GetRequiredService<DryRunClusterStateSource>(),
                ownerId,
                sp.GetRequiredService<ILogger<DryRunChangeApplier>>()));
            return services;
        }

        services.AddSingleton(static sp => new ClusterStateReader(sp.GetRequiredService<IKubernetes>(), KubernetesPipeline(sp), sp.GetRequiredService<SyncMetrics>()));
        services.AddSingleton<IClusterStateSource, ApiClusterStateSource>();
        services.AddSingleton<IChangeApplier>(sp => new KubernetesChangeApplier(
            sp.GetRequiredService<IKubernetes>(),
            KubernetesPipeline(sp),
            ownerId,
            sp.GetRequiredService<SyncMetrics>(),
            sp.GetRequiredService<ILogger<KubernetesChangeApplier>>(),
            sp.GetService<IWriteRecorder>()));
        return services;
    }

    private static ResiliencePipeline KubernetesPipeline(IServiceProvider services) =>
        services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(KubernetesResilience.PipelineName);
}
