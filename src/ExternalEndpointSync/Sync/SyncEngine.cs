using System.Collections.Concurrent;
using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;
using ExternalEndpointSync.Registrations.Policy;
using ExternalEndpointSync.Reporting;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Sync;

/// <summary>
/// One sync: read what we own, collect what we want, plan, apply. Only the applier writes; a
/// failing registration is reported and never stops the others, and neither does a Service
/// registered twice (<see cref="DuplicateRegistrations"/>, settled before planning). ExternalServices
/// the <see cref="RegistrationPolicy"/> refuses are not planned, so what they published is removed
/// like that of a registration that went away, and reported <see cref="ServiceStatus.Refused"/>.
/// </summary>
public sealed partial class SyncEngine(
    IClusterStateSource cluster,
    RegistrationPolicy policy,
    DesiredStateCollector collector,
    IChangeApplier applier,
    IEnumerable<ISyncReportObserver> observers,
    ILogger<SyncEngine> logger)
{
    /// <summary>Syncs every registration, and deletes (under the sync policy) what is owned and no longer registered.</summary>
    public Task<SyncReport> SyncOnceAsync(IReadOnlyList<ExternalServiceSpec> services, SyncOptions options, CancellationToken cancellationToken) =>
        SyncAsync(services, (owner, ct) => cluster.ReadAsync(owner, ct), options, cancellationToken);

    /// <summary>
    /// Syncs only the given registrations (a change announced by a source or the health stage);
    /// everything else is neither planned nor touched, nor read: a watch cache hands over only their objects.
    /// </summary>
    public Task<SyncReport> SyncServicesAsync(
        IReadOnlyList<ExternalServiceSpec> services, IReadOnlySet<ServiceKey> only, SyncOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(only);
        return SyncAsync([.. services.Where(s => only.Contains(s.Key))], (owner, ct) => cluster.ReadAsync(owner, only, ct), options, cancellationToken);
    }

    /// <summary>
    /// Deletes (under the sync policy) what is owned and no longer registered, as
    /// <see cref="SyncOnceAsync"/> does, without resolving, planning or touching any registration.
    /// </summary>
    public Task<SyncReport> SweepAsync(IReadOnlyList<ExternalServiceSpec> services, SyncOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var registered = services.Select(static s => s.Key).ToHashSet();
        return SyncAsync([], async (owner, ct) => (await cluster.ReadAsync(owner, ct)).Except(registered), options, cancellationToken);
    }

    private async Task<SyncReport> SyncAsync(
        IReadOnlyList<ExternalServiceSpec> services, Func<string, CancellationToken, Task<ClusterState>> read, SyncOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        var current = await read(options.OwnerId, cancellationToken);

        var (winners, rejected) = DuplicateRegistrations.Resolve(services);
        var screen = await policy.ScreenAsync(winners, cancellationToken);
        current = current.Except(screen.Held.Select(static h => h.Registration.Key).ToHashSet());
        var collected = await collector.CollectAsync(screen.Admitted, screen.Addresses, options.MaxConcurrentResolutions, cancellationToken);
        var plan = Planner.Plan([.. collected.Select(static c => c.Desired)], current, new PlanOptions(options.OwnerId, options.Policy));
        Log.Planned(logger, plan.Services.Count, plan.Services.Sum(static s => s.Changes.Count), options.DryRun);

        var byKey = collected.ToDictionary(static c => c.Desired.Key);
        var outcomes = new ConcurrentDictionary<ServiceKey, ApplyOutcome>();
        await Parallel.ForEachAsync(
            plan.Services.Where(static s => s.Changes.Count > 0),
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrentWrites, CancellationToken = cancellationToken },
            async (servicePlan, ct) => outcomes[servicePlan.Key] = await applier.ApplyAsync(servicePlan, ct));

        var planned = plan.Services
            .Select(p => ServiceReportBuilder.Build(p, byKey.GetValueOrDefault(p.Key), outcomes.GetValueOrDefault(p.Key)))
            .ToDictionary(static r => r.Key);
        var refused = screen.Refused.Select(r => ServiceReportBuilder.Refused(r.Registration, r.Reason, planned.GetValueOrDefault(r.Registration.Key))).ToList();
        var reports = planned.Values
            .Where(r => refused.All(x => x.Key != r.Key))
            .Concat(refused)
            .Concat(screen.Held.Select(static h => ServiceReportBuilder.Held(h.Registration, h.Reason)))
            .Concat(rejected)
            .OrderBy(static r => r.Key, ServiceKey.Ordinal)
            .ToList();
        var report = new SyncReport
        {
            Services = reports,
            Objects = [.. plan.Services.SelectMany(static s => s.Desired)],
            DryRun = options.DryRun,
            ClusterNote = current.Note,
        };
        foreach (var observer in observers)
        {
            observer.Observe(report);
        }

        return report;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 210, Level = LogLevel.Information, Message = "Planned {Services} services with {Changes} changes (dry-run: {DryRun})")]
        public static partial void Planned(ILogger logger, int services, int changes, bool dryRun);
    }
}
