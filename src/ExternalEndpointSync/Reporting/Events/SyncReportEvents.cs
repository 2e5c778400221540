using ExternalEndpointSync.Health;
using ExternalEndpointSync.Model;
using k8s.Models;

namespace ExternalEndpointSync.Reporting.Events;

/// <summary>
/// Turns each sync's report into Events on the Service of each registration. Failures (SyncFailed,
/// SourceFailed, Conflict) are recorded at every sync they happen in, so their series counts the
/// syncs that failed; health and policy facts (AddressUnhealthy, AddressHealthy, FailedOver,
/// PanicMode, AddressRefused, Refused) only when they change, against what the last report of that
/// registration said. A registration of an ExternalService has its Events on the ExternalService
/// too, where its team looks (<c>kubectl describe extsvc</c>), and only there when it is in Conflict
/// or Refused: then the Service is not its own (the file's, a foreign one's, or none). A dry run records nothing.
/// </summary>
public sealed class SyncReportEvents(IEventRecorder recorder) : ISyncReportObserver
{
    private readonly object gate = new();
    private readonly Dictionary<(ServiceKey Key, string Declarer), FactsSeen> seen = [];

    /// <summary>
    /// The Service a registration maintains. For one that does not exist yet (first sync failed) the
    /// Event names it without a uid: <c>kubectl events --for service/NAME</c> shows it, and
    /// <c>kubectl describe</c> does from the next Event on, once the Service exists.
    /// </summary>
    public static V1ObjectReference ServiceOf(ServiceKey key) =>
        new() { ApiVersion = "v1", Kind = V1Service.KubeKind, NamespaceProperty = key.Namespace, Name = key.Name };

    /// <summary>The ExternalService a registration comes from, with its uid, so <c>kubectl describe extsvc</c> finds the Event.</summary>
    public static V1ObjectReference ExternalServiceOf(ResourceOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        return new() { ApiVersion = ExternalServiceKind.ApiVersion, Kind = ExternalServiceKind.Kind, NamespaceProperty = origin.Namespace, Name = origin.Name, Uid = origin.Uid };
    }

    public void Observe(SyncReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.DryRun)
        {
            return;
        }

        lock (gate)
        {
            foreach (var service in report.Services)
            {
                Observe(service);
            }
        }
    }

    private void Observe(ServiceReport service)
    {
        if (service.Status == ServiceStatus.Removed)
        {
            // A removal's report may not say which declarer it was; what is left is then re-learnt at the next sync.
            foreach (var stale in seen.Keys.Where(k => k.Key == service.Key && (service.Origin == RegistrationOrigin.Unknown || k.Declarer == service.Origin.Declarer)).ToList())
            {
                seen.Remove(stale);
            }

            return;
        }

        var regarding = Regarding(service);
        if (service.SourceFailure is { } source)
        {
            Record(regarding, EventReasons.SourceFailed, source.Message);
        }

        var otherErrors = service.Errors.Where(e => e != service.SourceFailure?.Message).ToList();
        if (service.Status == ServiceStatus.Conflict)
        {
            Record(regarding, EventReasons.Conflict, string.Join("; ", otherErrors));
        }
        else if (service.Status == ServiceStatus.Failed && otherErrors.Count > 0)
        {
            Record(regarding, EventReasons.SyncFailed, string.Join("; ", otherErrors));
        }

        var key = (service.Key, service.Origin.Declarer);
        var before = seen.GetValueOrDefault(key) ?? FactsSeen.Nothing;
        var after = ObservePolicy(service, regarding, before);
        if (service.Health is { Checked: true, Failure: null } health)
        {
            after = ObserveHealth(regarding, health, after);
        }

        seen[key] = after;
    }

    private static IReadOnlyList<V1ObjectReference> Regarding(ServiceReport service) => service.Origin switch
    {
        ResourceOrigin resource when service.Status is ServiceStatus.Conflict or ServiceStatus.Refused => [ExternalServiceOf(resource)],
        ResourceOrigin resource => [ServiceOf(service.Key), ExternalServiceOf(resource)],
        _ => [ServiceOf(service.Key)],
    };

    private void Record(IReadOnlyList<V1ObjectReference> regarding, EventReason reason, string note)
    {
        foreach (var target in regarding)
        {
            recorder.Record(target, reason, note);
        }
    }

    private FactsSeen ObservePolicy(ServiceReport service, IReadOnlyList<V1ObjectReference> regarding, FactsSeen before)
    {
        if (service.RefusalReason is { } refusal && refusal != before.Refusal)
        {
            Record(regarding, EventReasons.Refused, refusal);
        }

        var refused = service.RefusedAddresses.Select(static r => r.ToString()).Order(StringComparer.Ordinal).ToList();
        if (refused.Count > 0 && !refused.SequenceEqual(before.Refused, StringComparer.Ordinal))
        {
            Record(regarding, EventReasons.AddressRefused, $"not published: {string.Join("; ", refused)}");
        }

        return before with { Refusal = service.RefusalReason, Refused = refused };
    }

    private FactsSeen ObserveHealth(IReadOnlyList<V1ObjectReference> regarding, ServiceHealthSummary health, FactsSeen before)
    {
        // One Event per sync for all the addresses that turned: Events of one reason about one Service
        // are repeats of each other whatever their notes say, so one per address would read as a series.
        var fell = health.LastFailures.Where(f => !before.Unhealthy.Contains(f.Key)).OrderBy(static f => f.Key, StringComparer.Ordinal).ToList();
        if (fell.Count > 0)
        {
            Record(regarding, EventReasons.AddressUnhealthy, string.Join("; ", fell.Select(static f => $"{f.Key} failed its health check: {f.Value}")));
        }

        var rose = before.Unhealthy.Where(a => !health.LastFailures.ContainsKey(a)).Order(StringComparer.Ordinal).ToList();
        if (rose.Count > 0)
        {
            Record(regarding, EventReasons.AddressHealthy, $"no longer unhealthy: {string.Join(", ", rose)}");
        }

        if (health.Panicked && !before.Panicked)
        {
            Record(regarding, EventReasons.PanicMode, $"every address is unhealthy ({health.Unhealthy}): all are published ready (panic rule)");
        }

        var failedOver = health.PassedOverPriorities.Count > 0 ? health.PublishedPriority : null;
        if (failedOver is { } priority && failedOver != before.FailedOverTo)
        {
            Record(regarding, EventReasons.FailedOver,
                $"no ready address in priority {string.Join(", ", health.PassedOverPriorities)}: publishing priority {priority}");
        }

        return before with { Unhealthy = health.LastFailures.Keys.ToHashSet(StringComparer.Ordinal), Panicked = health.Panicked, FailedOverTo = failedOver };
    }

    /// <summary>What the last report of a registration said, for the facts recorded only when they change.</summary>
    private sealed record FactsSeen(HashSet<string> Unhealthy, bool Panicked, int? FailedOverTo, IReadOnlyList<string> Refused, string? Refusal)
    {
        public static FactsSeen Nothing { get; } = new([], false, null, [], null);
    }
}
