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
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Worker;

/// <summary>
/// What a leader does during its term: the sync loop of <c>sync</c>, built afresh for the term
/// (sources, probes and planner start from nothing, as after a restart, so followers neither
/// probe nor hold stale health), with every write going through the fence of this term. The
/// registrations are the configuration file as last reloaded, so a new leader starts on the
/// newest file; the pipeline is built from the settings loaded at start, which a reload never changes.
/// The owned objects, the cluster facts and the ExternalServices' registrations come from the
/// process's watch caches (<see cref="OwnedObjectCache"/>, <see cref="ClusterFactsCache"/>,
/// <see cref="ExternalServiceCache"/>), which outlive the term, so a new leader lists none of them.
/// With ExternalServices on, their registrations join the file's, and their status is written after
/// each report, under the same fence; what an ExternalService with an invalid spec published is held
/// as it is when its last valid spec is unknown (<see cref="InvalidSpecHold"/>).
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
    ExternalServiceCache? externalServices)
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
        HoldInvalidSpecs(services);
        await using var provider = services.BuildServiceProvider();
        var logger = provider.GetRequiredService<ILogger<LeaderSyncTerm>>();
        using var file = configFile.Subscribe();
        if (externalServices is null)
        {
            await RunLoopAsync(provider, file, null, logger, term);
            return;
        }

        try
        {
            // Until both have their first lists, the start's full sync would take the objects of ExternalServices for orphans.
            await Task.WhenAll(externalServices.WaitForSyncAsync(term.Work), cache.WaitForSyncAsync(term.Work));
        }
        catch (OperationCanceledException) when (term.Work.IsCancellationRequested)
        {
            return;
        }

        var resources = externalServices.Registrations;
        using var subscription = resources.Subscribe();
        var hold = provider.GetRequiredService<InvalidSpecHold>();
        var writer = new ExternalServiceStatusWriter(client, () => fence.IsLeading, provider.GetRequiredService<ILogger<ExternalServiceStatusWriter>>(), term.Writes);
        var statuses = new ExternalServiceStatusReporter(
            resources, subscription, writer, r => cache.Services.Get(r.Metadata.NamespaceProperty, r.Metadata.Name) is { } service && hold.Holds(service), environment.TimeProvider);
        var invalid = statuses.RunAsync(term.Work);
        await using (var registrations = new CombinedRegistrationSource([file, subscription]))
        {
            await RunLoopAsync(provider, registrations, statuses, logger, term);
        }

        await invalid;
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

    /// <summary>The syncs read the owned objects without those held for ExternalServices whose spec became invalid.</summary>
    private void HoldInvalidSpecs(ServiceCollection services)
    {
        if (externalServices is null)
        {
            return;
        }

        services.AddSingleton(sp => new InvalidSpecHold(
            cache, externalServices.Registrations, key => configFile.Current.Services.Any(s => s.Key == key)));
        services.Replace(ServiceDescriptor.Singleton<IClusterStateSource>(static sp => sp.GetRequiredService<InvalidSpecHold>()));
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
