using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Registrations.ConfigFile;
using ExternalEndpointSync.Reporting.Events;
using ExternalEndpointSync.Reporting.Metrics;
using ExternalEndpointSync.Sync;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Worker;

/// <summary>
/// What a leader does during its term: the sync loop of <c>sync</c>, built afresh for the term
/// (sources, probes and planner start from nothing, as after a restart, so followers neither
/// probe nor hold stale health), with every write going through the fence of this term. The
/// registrations are the configuration file as last reloaded, so a new leader starts on the
/// newest file; the pipeline is built from the settings loaded at start, which a reload never changes.
/// The owned objects come from the process's watch cache, which outlives the term.
/// </summary>
public sealed partial class LeaderSyncTerm(
    CliEnvironment environment,
    ReloadingConfigFile configFile,
    IKubernetes client,
    SyncOptions syncOptions,
    LeadershipFence fence,
    WorkerStatus status,
    SyncMetrics metrics,
    OwnedObjectCache cache,
    string identity)
{
    public async Task RunAsync(LeaderTerm term)
    {
        ArgumentNullException.ThrowIfNull(term);
        var services = new ServiceCollection();
        services.AddLogging(environment.ConfigureLogging);
        services.AddSingleton(environment.TimeProvider);
        environment.ConfigureServices(services);
        services.AddSingleton(metrics);
        services.AddSingleton(new EventRecorderOptions { ReportingInstance = identity });
        services.AddSyncPipeline(configFile.Current, syncOptions).AddContinuousHealth().AddKubernetesApplier(client).AddWatchCache(cache);
        FenceWrites(services, term.Writes);
        await using var provider = services.BuildServiceProvider();
        var logger = provider.GetRequiredService<ILogger<LeaderSyncTerm>>();
        using var registrations = configFile.Subscribe();
        await provider.GetRequiredService<SyncLoop>().RunAsync(
            registrations,
            syncOptions,
            (report, _) =>
            {
                Log.Synced(logger, report.Services.Count, report.Created, report.Updated, report.Deleted, report.Failed);
                status.Synced();
                return Task.CompletedTask;
            },
            term.Work);
    }

    private void FenceWrites(ServiceCollection services, CancellationToken termWrites)
    {
        var writer = services.Last(static d => d.ServiceType == typeof(IChangeApplier));
        services.Remove(writer);
        services.AddSingleton<IChangeApplier>(sp => new FencedChangeApplier(
            (IChangeApplier)Create(sp, writer),
            fence,
            sp.GetRequiredService<ILogger<FencedChangeApplier>>(),
            termWrites));
        var events = services.Last(static d => d.ServiceType == typeof(IEventSink));
        services.Remove(events);
        services.AddSingleton<IEventSink>(sp => new FencedEventSink((IEventSink)Create(sp, events), fence, termWrites));
    }

    private static object Create(IServiceProvider services, ServiceDescriptor writer) =>
        writer.ImplementationInstance
            ?? writer.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, writer.ImplementationType!);

    private static partial class Log
    {
        [LoggerMessage(EventId = 631, Level = LogLevel.Information, Message = "Synced {Services} services: created {Created}, updated {Updated}, deleted {Deleted}, failed {Failed}")]
        public static partial void Synced(ILogger logger, int services, int created, int updated, int deleted, int failed);
    }
}
