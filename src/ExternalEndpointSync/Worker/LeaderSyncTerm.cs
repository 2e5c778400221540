using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Cluster.Watch;
using ExternalEndpointSync.Registrations;
using ExternalEndpointSync.Registrations.ConfigFile;
using ExternalEndpointSync.Registrations.Resources;
using ExternalEndpointSync.Reporting.Events;
using ExternalEndpointSync.Reporting.Status;
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
/// The owned objects and the cluster facts come from the process's watch caches, which outlive the term.
/// With ExternalServices on, their registrations join the file's once they are first listed (before
/// that, the start's full sync would take their objects for orphans), and their status is written
/// after each report, under the same fence.
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
    ClusterFactsCache? facts,
    string identity,
    bool watchExternalServices)
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
        services.AddSyncPipeline(configFile.Current, syncOptions).AddContinuousHealth().AddKubernetesApplier(client).AddWatchCache(cache).AddClusterFacts(facts);
        FenceWrites(services, term.Writes);
        await using var provider = services.BuildServiceProvider();
        var logger = provider.GetRequiredService<ILogger<LeaderSyncTerm>>();
        using var file = configFile.Subscribe();
        if (!watchExternalServices)
        {
            await RunLoopAsync(provider, file, null, logger, term);
            return;
        }

        var resources = new ExternalServiceRegistrations(configFile.Current.Defaults?.Mapping);
        var informer = new ResourceInformer<ExternalServiceObject>(
            ExternalServiceListWatch.Create(client), new ResourceInformerOptions(), environment.TimeProvider, metrics, provider.GetRequiredService<ILogger<ResourceInformer<ExternalServiceObject>>>());
        using var following = resources.Follow(informer);

        // The file's defaults lie under every spec, so a reload that changes them changes registrations too.
        void Reparse(ConfigReloadOutcome outcome)
        {
            if (outcome.Result == ConfigReloadResult.Applied)
            {
                resources.UseDefaults(configFile.Current.Defaults?.Mapping);
            }
        }

        var watching = informer.RunAsync(term.Work);
        var writer = new ExternalServiceStatusWriter(client, () => fence.IsLeading, provider.GetRequiredService<ILogger<ExternalServiceStatusWriter>>(), term.Writes);
        var statuses = new ExternalServiceStatusReporter(resources, writer, environment.TimeProvider);
        try
        {
            await informer.WaitForSyncAsync(term.Work);
        }
        catch (OperationCanceledException) when (term.Work.IsCancellationRequested)
        {
            await watching;
            return;
        }

        // The first list's objects may still be on their way to the subscription; the store has them all.
        resources.Replace(informer.Snapshot());
        var invalid = statuses.RunAsync(term.Work);
        configFile.Reloaded += Reparse;
        try
        {
            await using var registrations = new CombinedRegistrationSource([file, resources]);
            await RunLoopAsync(provider, registrations, statuses, logger, term);
        }
        finally
        {
            configFile.Reloaded -= Reparse;
        }

        await Task.WhenAll(watching, invalid);
    }

    private async Task RunLoopAsync(ServiceProvider provider, IRegistrationSource registrations, ExternalServiceStatusReporter? statuses, ILogger logger, LeaderTerm term) =>
        await provider.GetRequiredService<SyncLoop>().RunAsync(
            registrations,
            syncOptions,
            async (report, ct) =>
            {
                Log.Synced(logger, report.Services.Count, report.Created, report.Updated, report.Deleted, report.Failed);
                status.Synced();
                if (statuses is not null)
                {
                    await statuses.ReportAsync(report, ct);
                }
            },
            term.Work);

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
