using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Cluster.Watch;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Health.Probes;
using ExternalEndpointSync.Registrations.Policy;
using ExternalEndpointSync.Reporting.Events;
using ExternalEndpointSync.Reporting.Metrics;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.Sync;
using ExternalEndpointSync.Worker;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Cli;

/// <summary>The choices a command makes after <see cref="SyncServices.AddSyncPipeline"/>: one health stage and one applier.</summary>
public sealed class SyncPipelineBuilder(IServiceCollection services, int maxConcurrentProbes, string ownerId)
{
    public IServiceCollection Services => services;

    /// <summary>Each sync probes every address once, now: <c>sync --once</c>.</summary>
    public SyncPipelineBuilder AddOneShotHealth() => AddHealth(ProbingMode.OneShot);

    /// <summary>Probes run on their own schedule, and a health transition re-plans its service at once.</summary>
    public SyncPipelineBuilder AddContinuousHealth()
    {
        AddHealth(ProbingMode.Continuous);
        services.AddSingleton<IServiceChangeNotifier>(static sp => new HealthTransitionNotifier(sp.GetRequiredService<ProbingHealthStage>()));
        return this;
    }

    /// <summary>
    /// Reads and writes the cluster through <paramref name="client"/>, with retries, and writes
    /// Events about the Services (as the process named by a registered <see cref="EventRecorderOptions"/>, else by its host name).
    /// </summary>
    public SyncPipelineBuilder AddKubernetesApplier(IKubernetes client)
    {
        ArgumentNullException.ThrowIfNull(client);
        services.AddSingleton(client);
        services.AddChangeApplier(ApplyMode.Write, ownerId);
        services.TryAddSingleton(new EventRecorderOptions { ReportingInstance = WorkerIdentity.Create(Environment.GetEnvironmentVariable) });
        services.AddServiceEvents(client);
        return this;
    }

    /// <summary>
    /// Reads the owned objects from a watch cache instead of listing them for every sync, tells it
    /// of every write, and re-plans a service whose objects someone else changed. Without
    /// <paramref name="cache"/> one is made for this provider (and must be run by the caller);
    /// <c>run</c> passes the one that lives as long as the process. After <see cref="AddKubernetesApplier"/>.
    /// </summary>
    public SyncPipelineBuilder AddWatchCache(OwnedObjectCache? cache = null)
    {
        if (cache is null)
        {
            services.TryAddSingleton(new ResourceInformerOptions());
            services.AddSingleton(sp => new OwnedObjectCache(
                sp.GetRequiredService<IKubernetes>(),
                ownerId,
                sp.GetRequiredService<ResourceInformerOptions>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<SyncMetrics>(),
                sp.GetRequiredService<ILoggerFactory>()));
        }
        else
        {
            services.AddSingleton(cache);
        }

        services.AddSingleton<IClusterStateSource>(static sp => sp.GetRequiredService<OwnedObjectCache>());
        services.AddSingleton<IWriteRecorder>(static sp => sp.GetRequiredService<OwnedObjectCache>());
        services.AddSingleton<IServiceChangeNotifier>(static sp => new DriftNotifier(sp.GetRequiredService<OwnedObjectCache>()));
        return this;
    }

    /// <summary>
    /// Judges ExternalServices by the cluster facts of <paramref name="facts"/>, the watch cache that
    /// lives as long as the process (null: ExternalServices are off), and re-plans the ones a change
    /// of the facts concerns.
    /// </summary>
    public SyncPipelineBuilder AddClusterFacts(ClusterFactsCache? facts)
    {
        if (facts is not null)
        {
            services.AddSingleton(facts);
            services.AddSingleton<IServiceChangeNotifier>(static sp => new ClusterFactsNotifier(
                sp.GetRequiredService<ClusterFactsCache>(), sp.GetRequiredService<RegistrationPolicy>()));
        }

        return this;
    }

    /// <summary>
    /// Writes nothing and reports what it would write, reading the cluster only if it answers in
    /// time; <paramref name="client"/> may be null, with <paramref name="noClusterReason"/> saying why.
    /// </summary>
    public SyncPipelineBuilder AddDryRunApplier(IKubernetes? client, string? noClusterReason)
    {
        if (client is not null)
        {
            services.AddSingleton(client);
        }

        services.AddChangeApplier(ApplyMode.DryRun, ownerId, noClusterReason);
        return this;
    }

    private SyncPipelineBuilder AddHealth(ProbingMode mode)
    {
        services.TryAddSingleton(new ProbingHealthOptions { Mode = mode, MaxConcurrentProbes = maxConcurrentProbes });
        services.AddSingleton(static sp => new ProbingHealthStage(
            DefaultProbes.Create(sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<ProbingHealthOptions>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ProbingHealthStage>>(),
            sp.GetRequiredService<SyncMetrics>()));
        services.AddSingleton<IHealthStage>(static sp => sp.GetRequiredService<ProbingHealthStage>());
        return this;
    }
}
