using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Reporting.Metrics;

/// <summary>
/// Every instrument of the meter <see cref="MeterName"/>, in one place so that the names, units
/// and labels (all bounded: no service, address or object name is a label) are seen together and
/// the README can be checked against them. Gauges read state kept here from the last reports.
/// </summary>
public sealed class SyncMetrics
{
    public const string MeterName = "ExternalEndpointSync";

    /// <summary>Seconds, from a quick probe to a slow sync; the exporters' default boundaries are for milliseconds.</summary>
    private static readonly InstrumentAdvice<double> SecondsBuckets = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    };

    private readonly TimeProvider time;
    private readonly Counter<long> syncs;
    private readonly Histogram<double> syncDuration;
    private readonly Counter<long> apiRequests;
    private readonly Counter<long> apiWrites;
    private readonly Counter<long> apiErrors;
    private readonly Counter<long> replanAdds;
    private readonly Counter<long> probes;
    private readonly Histogram<double> probeDuration;
    private readonly Counter<long> healthTransitions;
    private readonly Counter<long> sourceErrors;
    private readonly Counter<long> eventWrites;
    private readonly Counter<long> eventsDropped;
    private readonly Counter<long> cacheLists;
    private readonly Counter<long> cacheWatchRestarts;
    private readonly ConcurrentDictionary<ServiceKey, ServiceReport> lastReports = new();
    private readonly ConcurrentDictionary<ReplanDepth, byte> replanQueues = new();
    private double lastSuccessfulSync;
    private long configReloadSuccesses;
    private long configReloadFailures;
    private double lastConfigReload;
    private volatile Leadership? leadership;

    public SyncMetrics(IMeterFactory meters, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meters);
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        Meter = meters.Create(MeterName);
        syncs = Meter.CreateCounter<long>("external_endpoint_sync_syncs_total", description: "Syncs by result: success (no service failed), partial (some failed), failure (the cluster could not be read).");
        syncDuration = Meter.CreateHistogram("external_endpoint_sync_sync_duration_seconds", "s", "How long a sync took, by result.", advice: SecondsBuckets);
        apiRequests = Meter.CreateCounter<long>("external_endpoint_sync_api_requests_total", description: "Every request sent to the Kubernetes API, by verb (get, list, watch, create, update, patch, delete), resource (subresources as resource/subresource) and HTTP code of the answer (none without one).");
        apiWrites = Meter.CreateCounter<long>("external_endpoint_sync_api_writes_total", description: "Write requests sent to the Kubernetes API, by verb (create, update, delete) and resource.");
        apiErrors = Meter.CreateCounter<long>("external_endpoint_sync_api_errors_total", description: "Requests to the Kubernetes API (the writer's, the lists and watches of owned objects, the leader Lease) answered with an error or not at all, by verb (get, list, watch, create, update, delete), resource and HTTP code (none without an answer).");
        Meter.CreateObservableGauge("external_endpoint_sync_replan_queue_depth", () => replanQueues.Keys.Sum(static q => q.Count()), description: "Services waiting for a re-plan.");
        replanAdds = Meter.CreateCounter<long>("external_endpoint_sync_replan_queue_adds_total", description: "Re-plan requests (health transitions, source changes, refreshes, retries, resyncs).");
        probes = Meter.CreateCounter<long>("external_endpoint_sync_probes_total", description: "Health probes by type and result (success, failure).");
        probeDuration = Meter.CreateHistogram("external_endpoint_sync_probe_duration_seconds", "s", "How long a health probe took, by type.", advice: SecondsBuckets);
        healthTransitions = Meter.CreateCounter<long>("external_endpoint_sync_health_transitions_total", description: "Addresses that became healthy or unhealthy, by the state they went to.");
        sourceErrors = Meter.CreateCounter<long>("external_endpoint_sync_source_errors_total", description: "Registrations whose source gave no answer in a sync, by source (dns, consul, static).");
        eventWrites = Meter.CreateCounter<long>("external_endpoint_sync_event_writes_total", description: "Event writes by result: success, failure, rate_limited (the object's burst is used up), not_leader.");
        eventsDropped = Meter.CreateCounter<long>("external_endpoint_sync_events_dropped_total", description: "Events dropped before any write because the event buffer was full.");
        cacheLists = Meter.CreateCounter<long>("external_endpoint_sync_cache_lists_total", description: "Full lists of the watch cache of owned objects, by resource: one at start, then one per watch that expired (410 Gone).");
        cacheWatchRestarts = Meter.CreateCounter<long>("external_endpoint_sync_cache_watch_restarts_total", description: "Watches of the watch cache that ended and were opened again, by resource and reason (closed: the server's timeout; expired: 410 Gone, relisted; error; stalled: no end long after the timeout).");
        Meter.CreateObservableGauge("external_endpoint_sync_endpoints_published", () => lastReports.Values.Sum(static r => r.Ready + r.NotReady), description: "Endpoints published by the last sync of every service, ready or not.");
        Meter.CreateObservableGauge("external_endpoint_sync_endpoints_ready", () => lastReports.Values.Sum(static r => r.Ready), description: "Endpoints published ready by the last sync of every service.");
        Meter.CreateObservableGauge("external_endpoint_sync_services", ObserveServices, description: "Registered services by the status of their last sync.");
        Meter.CreateObservableGauge("external_endpoint_sync_last_successful_sync_timestamp_seconds", () => Volatile.Read(ref lastSuccessfulSync), "s", "Unix time of the last sync in which no service failed; 0 before one.");
        Meter.CreateObservableGauge("external_endpoint_sync_leader", ObserveLeader, description: "1 while this worker holds the lease, else 0 (only under run).");
        Meter.CreateObservableCounter("external_endpoint_sync_config_reload_total", ObserveConfigReloads, description: "Configuration reloads by result (success, failure).");
        Meter.CreateObservableGauge("external_endpoint_sync_config_last_reload_success_timestamp_seconds", () => Volatile.Read(ref lastConfigReload), "s", "Unix time of the last successful configuration reload; 0 before one.");
    }

    public Meter Meter { get; }

    /// <summary>A sync is done; <paramref name="report"/> is null when the cluster could not be read.</summary>
    public void Synced(SyncReport? report, TimeSpan duration)
    {
        var result = report is null ? "failure" : report.Failed == 0 ? "success" : "partial";
        var tag = new KeyValuePair<string, object?>("result", result);
        syncs.Add(1, tag);
        syncDuration.Record(duration.TotalSeconds, tag);
        if (report is null)
        {
            return;
        }

        foreach (var service in report.Services)
        {
            if (service.SourceFailure is { } failure)
            {
                sourceErrors.Add(1, new KeyValuePair<string, object?>("source", failure.Source));
            }

            if (service.Status == ServiceStatus.Removed)
            {
                lastReports.TryRemove(service.Key, out _);
            }
            else
            {
                lastReports[service.Key] = service;
            }
        }

        if (result == "success")
        {
            Volatile.Write(ref lastSuccessfulSync, time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
        }
    }

    /// <summary>Runs one request of the writer, counting it as a write (unless a get) and as an error when it throws.</summary>
    public Task<T> ApiCallAsync<T>(string verb, WrittenKind kind, Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (verb != "get")
        {
            apiWrites.Add(1, new TagList { { "verb", verb }, { "resource", kind.Plural } });
        }

        return ApiRequestAsync(verb, kind.Plural, call);
    }

    /// <summary>
    /// Runs one request to the API, counting it as an error when it throws. <paramref name="verb"/>
    /// and <paramref name="resource"/> are constants of the caller (get, list, create, update,
    /// delete of the kinds we write and of leases), so the labels stay bounded.
    /// </summary>
    public async Task<T> ApiRequestAsync<T>(string verb, string resource, Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            CountApiError(verb, resource, Code(e));
            throw;
        }
    }

    /// <summary>A request the API answered with <paramref name="code"/>, or not at all (null), for callers whose client reports errors without throwing.</summary>
    public void ApiRequestFailed(string verb, string resource, HttpStatusCode? code) =>
        CountApiError(verb, resource, code is { } status ? ((int)status).ToString(CultureInfo.InvariantCulture) : "none");

    public Task ApiCallAsync(string verb, WrittenKind kind, Func<Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return ApiCallAsync(verb, kind, async () =>
        {
            await call();
            return true;
        });
    }

    /// <summary>One request of the client (<see cref="ApiRequestMetering"/>); the labels come from <see cref="ApiRequestLabels"/>, so they stay bounded.</summary>
    public void ApiRequested(string verb, string resource, string code) =>
        apiRequests.Add(1, new TagList { { "verb", verb }, { "resource", resource }, { "code", code } });

    public void EventWritten(string result) => eventWrites.Add(1, new KeyValuePair<string, object?>("result", result));

    public void EventDropped() => eventsDropped.Add(1);

    /// <summary>The watch cache listed <paramref name="resource"/> in full.</summary>
    public void CacheListed(string resource) => cacheLists.Add(1, new KeyValuePair<string, object?>("resource", resource));

    /// <summary>A watch of the watch cache ended for <paramref name="reason"/> and is opened again.</summary>
    public void CacheWatchRestarted(string resource, string reason) =>
        cacheWatchRestarts.Add(1, new KeyValuePair<string, object?>("resource", resource), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>A list or watch of the watch cache failed.</summary>
    public void CacheRequestFailed(string verb, string resource, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        CountApiError(verb, resource, Code(exception));
    }

    private void CountApiError(string verb, string resource, string code) =>
        apiErrors.Add(1, new TagList { { "verb", verb }, { "resource", resource }, { "code", code } });

    public void ReplanRequested(int services) => replanAdds.Add(services);

    /// <summary>The queue whose depth the gauge reports, until <see cref="IDisposable.Dispose"/> of the result.</summary>
    public IDisposable ObserveReplanQueue(Func<int> count)
    {
        var depth = new ReplanDepth(count, replanQueues);
        replanQueues[depth] = 0;
        return depth;
    }

    public void Probed(HealthCheckType type, bool succeeded, TimeSpan duration)
    {
        var kind = new KeyValuePair<string, object?>("type", type.ToString().ToLowerInvariant());
        probes.Add(1, kind, new KeyValuePair<string, object?>("result", succeeded ? "success" : "failure"));
        probeDuration.Record(duration.TotalSeconds, kind);
    }

    public void HealthTransition(HealthState to) =>
        healthTransitions.Add(1, new KeyValuePair<string, object?>("to", to.ToString().ToLowerInvariant()));

    /// <summary>Reports leadership of <paramref name="lease"/> as <paramref name="isLeading"/> answers.</summary>
    public void ObserveLeadership(string lease, Func<bool> isLeading) => leadership = new Leadership(lease, isLeading);

    /// <summary>A reload of the configuration file: applied, or refused because the new file is invalid or changes a restart-only setting.</summary>
    public void ConfigReloaded(bool succeeded)
    {
        if (!succeeded)
        {
            Interlocked.Increment(ref configReloadFailures);
            return;
        }

        Interlocked.Increment(ref configReloadSuccesses);
        Volatile.Write(ref lastConfigReload, time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
    }

    /// <summary>The HTTP code of a failed request (also of a watch's ERROR event), or none without an answer.</summary>
    private static string Code(Exception e) =>
        e is k8s.KubernetesException { Status.Code: { } watchCode } ? watchCode.ToString(CultureInfo.InvariantCulture)
        : KubernetesErrors.StatusCode(e) is { } status ? ((int)status).ToString(CultureInfo.InvariantCulture)
        : "none";

    private IEnumerable<Measurement<int>> ObserveServices() =>
        Enum.GetValues<ServiceStatus>().Where(static s => s != ServiceStatus.Removed).Select(s => new Measurement<int>(
            lastReports.Values.Count(r => r.Status == s),
            new KeyValuePair<string, object?>("status", s.ToString().ToLowerInvariant())));

    private IEnumerable<Measurement<int>> ObserveLeader() =>
        leadership is { } l ? [new Measurement<int>(l.IsLeading() ? 1 : 0, new KeyValuePair<string, object?>("lease", l.Lease))] : [];

    private IEnumerable<Measurement<long>> ObserveConfigReloads() =>
    [
        new(Interlocked.Read(ref configReloadSuccesses), new KeyValuePair<string, object?>("result", "success")),
        new(Interlocked.Read(ref configReloadFailures), new KeyValuePair<string, object?>("result", "failure")),
    ];

    private sealed record Leadership(string Lease, Func<bool> IsLeading);

    private sealed class ReplanDepth(Func<int> count, ConcurrentDictionary<ReplanDepth, byte> all) : IDisposable
    {
        public int Count() => count();

        public void Dispose() => all.TryRemove(this, out _);
    }
}
