using ExternalEndpointSync.Health;
using ExternalEndpointSync.Model;
using k8s.Models;

namespace ExternalEndpointSync.Reporting.Events;

/// <summary>
/// Turns each sync's report into Events on the Service of each registration. Failures (SyncFailed,
/// SourceFailed, Conflict) are recorded at every sync they happen in, so their series counts the
/// syncs that failed; health facts (AddressUnhealthy, AddressHealthy, FailedOver, PanicMode) only
/// when they change, against what the last report of that registration said. A dry run records nothing.
/// </summary>
public sealed class SyncReportEvents(IEventRecorder recorder) : ISyncReportObserver
{
    private readonly object gate = new();
    private readonly Dictionary<ServiceKey, HealthSeen> seen = [];

    /// <summary>
    /// The Service a registration maintains. For one that does not exist yet (first sync failed) the
    /// Event names it without a uid: <c>kubectl events --for service/NAME</c> shows it, and
    /// <c>kubectl describe</c> does from the next Event on, once the Service exists.
    /// </summary>
    public static V1ObjectReference ServiceOf(ServiceKey key) =>
        new() { ApiVersion = "v1", Kind = V1Service.KubeKind, NamespaceProperty = key.Namespace, Name = key.Name };

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
        var regarding = ServiceOf(service.Key);
        if (service.Status == ServiceStatus.Removed)
        {
            seen.Remove(service.Key);
            return;
        }

        if (service.SourceFailure is { } source)
        {
            recorder.Record(regarding, EventReasons.SourceFailed, source.Message);
        }

        var otherErrors = service.Errors.Where(e => e != service.SourceFailure?.Message).ToList();
        if (service.Status == ServiceStatus.Conflict)
        {
            recorder.Record(regarding, EventReasons.Conflict, string.Join("; ", otherErrors));
        }
        else if (service.Status == ServiceStatus.Failed && otherErrors.Count > 0)
        {
            recorder.Record(regarding, EventReasons.SyncFailed, string.Join("; ", otherErrors));
        }

        if (service.Health is { Checked: true, Failure: null } health)
        {
            ObserveHealth(service.Key, regarding, health);
        }
    }

    private void ObserveHealth(ServiceKey key, V1ObjectReference regarding, ServiceHealthSummary health)
    {
        var before = seen.GetValueOrDefault(key) ?? HealthSeen.Nothing;
        // One Event per sync for all the addresses that turned: Events of one reason about one Service
        // are repeats of each other whatever their notes say, so one per address would read as a series.
        var fell = health.LastFailures.Where(f => !before.Unhealthy.Contains(f.Key)).OrderBy(static f => f.Key, StringComparer.Ordinal).ToList();
        if (fell.Count > 0)
        {
            recorder.Record(regarding, EventReasons.AddressUnhealthy, string.Join("; ", fell.Select(static f => $"{f.Key} failed its health check: {f.Value}")));
        }

        var rose = before.Unhealthy.Where(a => !health.LastFailures.ContainsKey(a)).Order(StringComparer.Ordinal).ToList();
        if (rose.Count > 0)
        {
            recorder.Record(regarding, EventReasons.AddressHealthy, $"no longer unhealthy: {string.Join(", ", rose)}");
        }

        if (health.Panicked && !before.Panicked)
        {
            recorder.Record(regarding, EventReasons.PanicMode, $"every address is unhealthy ({health.Unhealthy}): all are published ready (panic rule)");
        }

        var failedOver = health.PassedOverPriorities.Count > 0 ? health.PublishedPriority : null;
        if (failedOver is { } priority && failedOver != before.FailedOverTo)
        {
            recorder.Record(regarding, EventReasons.FailedOver,
                $"no ready address in priority {string.Join(", ", health.PassedOverPriorities)}: publishing priority {priority}");
        }

        seen[key] = new HealthSeen(health.LastFailures.Keys.ToHashSet(StringComparer.Ordinal), health.Panicked, failedOver);
    }

    private sealed record HealthSeen(IReadOnlySet<string> Unhealthy, bool Panicked, int? FailedOverTo)
    {
        public static HealthSeen Nothing { get; } = new(new HashSet<string>(), false, null);
    }
}
