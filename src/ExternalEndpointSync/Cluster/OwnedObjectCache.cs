using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Cluster.Watch;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;
using ExternalEndpointSync.Reporting.Metrics;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Cluster;

/// <summary>
/// What one owner has written, kept by a watch cache: one <see cref="ResourceInformer{T}"/> each
/// for Services, EndpointSlices and Endpoints selected by the ownership labels, so that a sync
/// reads memory instead of listing (zero API calls per re-plan). Our own writes are laid over the
/// cache until their watch events arrive (<see cref="WriteExpectations"/>). Every other change —
/// someone deleted, edited or relabelled an owned object, or a relist found it changed — is drift:
/// subscribers of <see cref="SubscribeDrift"/> hear the service it belongs to, so that it is
/// re-planned at once. A slice relabelled away from us is no longer ours: the cache drops it, the
/// re-plan creates a new owned slice, and the relabelled one is never touched again. A change that
/// arrives while one of our writes is in flight may be that write's echo (its answer, with the
/// resourceVersion, is not back yet), so it is judged once no write is in flight.
/// </summary>
public sealed partial class OwnedObjectCache : IClusterStateSource, IWriteRecorder
{
    private readonly string ownerId;
    private readonly WriteExpectations expectations = new();
    private readonly Lock driftGate = new();
    private readonly Lock writingGate = new();
    private readonly List<(ServiceKey Service, Func<bool> WasOurs, string Description)> undecided = [];
    private int writing;
    private readonly ILogger<OwnedObjectCache> logger;
    private Action<ServiceKey>[] driftHandlers = [];

    public OwnedObjectCache(IKubernetes client, string ownerId, ResourceInformerOptions options, TimeProvider time, SyncMetrics metrics, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(loggers);
        this.ownerId = ownerId;
        logger = loggers.CreateLogger<OwnedObjectCache>();
        Services = Informer(OwnedListWatches.Services(client, ownerId), options, time, metrics, loggers);
        EndpointSlices = Informer(OwnedListWatches.EndpointSlices(client, ownerId), options, time, metrics, loggers);
        Endpoints = Informer(OwnedListWatches.Endpoints(client, ownerId), options, time, metrics, loggers);
    }

    public ResourceInformer<V1Service> Services { get; }

    public ResourceInformer<V1EndpointSlice> EndpointSlices { get; }

    public ResourceInformer<V1Endpoints> Endpoints { get; }

    public bool HasSynced => Services.HasSynced && EndpointSlices.HasSynced && Endpoints.HasSynced;

    /// <summary>Our writes the cache has not seen the watch events of yet.</summary>
    public int PendingWrites => expectations.Count;

    /// <summary>Lists and watches all three kinds until <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Services.RunAsync(cancellationToken), EndpointSlices.RunAsync(cancellationToken), Endpoints.RunAsync(cancellationToken));

    public Task WaitForSyncAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Services.WaitForSyncAsync(cancellationToken), EndpointSlices.WaitForSyncAsync(cancellationToken), Endpoints.WaitForSyncAsync(cancellationToken));

    /// <summary>The owned objects as the cache knows them with our own writes laid over; waits for the first lists.</summary>
    public async Task<ClusterState> ReadAsync(string ownerId, CancellationToken cancellationToken)
    {
        await WaitForSyncAsync(ownerId, cancellationToken);
        return new ClusterState(
            expectations.Overlay(Services.Snapshot()),
            expectations.Overlay(EndpointSlices.Snapshot()),
            expectations.Overlay(Endpoints.Snapshot()));
    }

    /// <summary>
    /// What belongs to the given Services, read from the cache's index: re-planning one Service
    /// costs the same whatever else is cached. Our writes are laid over as in the full read.
    /// </summary>
    public async Task<ClusterState> ReadAsync(string ownerId, IReadOnlySet<ServiceKey> services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        await WaitForSyncAsync(ownerId, cancellationToken);

        // The overlay brings our pending writes of every Service; only the asked ones stay.
        return new ClusterState(
            expectations.Overlay(Services.SnapshotOf(services)),
            expectations.Overlay(EndpointSlices.SnapshotOf(services)),
            expectations.Overlay(Endpoints.SnapshotOf(services))).Scope(services);
    }

    public IDisposable BeginWrite()
    {
        lock (writingGate)
        {
            writing++;
        }

        return new WriteInFlight(this);
    }

    public void Wrote(IKubernetesObject<V1ObjectMeta> written) => expectations.Wrote(WrittenKind.Of(written).Clone(written));

    public void Deleted(IKubernetesObject<V1ObjectMeta> deleted) => expectations.Deleted(deleted);

    /// <summary>
    /// Calls <paramref name="handler"/> with the service of every owned object changed by someone
    /// else, from now until the result is disposed; on the cache's own loops, so it must only enqueue.
    /// </summary>
    public IDisposable SubscribeDrift(Action<ServiceKey> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (driftGate)
        {
            driftHandlers = [.. driftHandlers, handler];
        }

        return new DriftSubscription(this, handler);
    }

    private Task WaitForSyncAsync(string ownerId, CancellationToken cancellationToken) =>
        ownerId == this.ownerId
            ? WaitForSyncAsync(cancellationToken)
            : throw new ArgumentException($"this cache holds what owner {this.ownerId} wrote, not {ownerId}", nameof(ownerId));

    private ResourceInformer<T> Informer<T>(ListWatch<T> source, ResourceInformerOptions options, TimeProvider time, SyncMetrics metrics, ILoggerFactory loggers)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var informer = new ResourceInformer<T>(source, options, time, metrics, loggers.CreateLogger<ResourceInformer<T>>());
        informer.Subscribe(Observe);
        return informer;
    }

    private void Observe<T>(ResourceChange<T> change)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (expectations.Observe(change) || change.Origin == ResourceChangeOrigin.FirstList)
        {
            // Our own write's echo, or the start, which a full sync covers.
            return;
        }

        // A slice relabelled away from its service, or to another one, is the drift of both.
        ServiceKey?[] services = [ClusterState.ServiceOf(change.Object), change.Previous is { } previous ? ClusterState.ServiceOf(previous) : null];
        var description = $"{WrittenKind.Of(change.Object).Kind} {change.Object.Metadata.NamespaceProperty}/{change.Object.Metadata.Name} {change.Type.ToString().ToLowerInvariant()}";
        foreach (var service in services.OfType<ServiceKey>().Distinct())
        {
            lock (writingGate)
            {
                if (writing > 0)
                {
                    // It may be the echo of a write whose answer has not come back yet: decided once no write is in flight.
                    undecided.Add((service, () => expectations.WasOurs(change), description));
                    continue;
                }
            }

            Drifted(service, description);
        }
    }

    private void Drifted(ServiceKey service, string description)
    {
        Log.Drift(logger, description, service.ToString());
        foreach (var handler in Volatile.Read(ref driftHandlers))
        {
            handler(service);
        }
    }

    private void EndWrite()
    {
        List<(ServiceKey Service, Func<bool> WasOurs, string Description)> decide;
        lock (writingGate)
        {
            if (--writing > 0 || undecided.Count == 0)
            {
                return;
            }

            decide = [.. undecided];
            undecided.Clear();
        }

        foreach (var (service, wasOurs, description) in decide.Where(static d => !d.WasOurs()))
        {
            Drifted(service, description);
        }
    }

    private void Unsubscribe(Action<ServiceKey> handler)
    {
        lock (driftGate)
        {
            driftHandlers = [.. driftHandlers.Where(h => h != handler)];
        }
    }

    private sealed class WriteInFlight(OwnedObjectCache cache) : IDisposable
    {
        private int ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref ended, 1) == 0)
            {
                cache.EndWrite();
            }
        }
    }

    private sealed class DriftSubscription(OwnedObjectCache cache, Action<ServiceKey> handler) : IDisposable
    {
        public void Dispose() => cache.Unsubscribe(handler);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 245, Level = LogLevel.Information, Message = "Drift: {Change} by someone else; re-planning {Service}")]
        public static partial void Drift(ILogger logger, string change, string service);
    }
}
