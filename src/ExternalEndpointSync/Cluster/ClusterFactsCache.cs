using ExternalEndpointSync.Applier;
using ExternalEndpointSync.Cluster.Watch;
using ExternalEndpointSync.Reporting.Metrics;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Cluster;

/// <summary>
/// The cluster facts kept by a watch cache: one <see cref="ResourceInformer{T}"/> each for Nodes,
/// ServiceCIDRs (only where discovery says they are served, asked once: an informer of an unserved
/// resource would retry its 404 for ever) and, for a namespace selector, Namespaces. It lives as long
/// as the worker process, so a re-plan reads memory and a steady state makes no API call. The first
/// read waits for the first lists, unless one of them (or the discovery) has failed: then it fails
/// at once, so that the ExternalServices are held and the file's services sync, and once the lists
/// succeed the held ones are told as a change of the networks. A change that changes the facts
/// (a Node with a new pod CIDR, a relabelled namespace; not a Node's status heartbeat) is told to
/// <see cref="SubscribeChanges"/>, so that the ExternalServices it concerns are judged again at once.
/// </summary>
public sealed partial class ClusterFactsCache : IClusterFactsSource
{
    private readonly IKubernetes client;
    private readonly ResourceInformerOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<ClusterFactsCache> logger;
    private readonly TaskCompletionSource<bool> serviceCidrsServed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Exception> firstFailure = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock factsGate = new();
    private readonly Lock subscribersGate = new();
    private ClusterFacts? facts;
    private volatile bool failedARead;
    private Action<ClusterFactsChange>[] subscribers = [];

    public ClusterFactsCache(IKubernetes client, bool watchNamespaces, ResourceInformerOptions options, TimeProvider time, SyncMetrics metrics, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        logger = loggers.CreateLogger<ClusterFactsCache>();
        Nodes = Informer(ClusterFactsListWatches.Nodes(client, Failed), NodeChanged, metrics, loggers);
        ServiceCidrs = Informer(ClusterFactsListWatches.ServiceCidrs(client, Failed), ServiceCidrChanged, metrics, loggers);
        Namespaces = watchNamespaces ? Informer(ClusterFactsListWatches.Namespaces(client, Failed), NamespaceChanged, metrics, loggers) : null;
    }

    private ResourceInformer<V1Node> Nodes { get; }

    /// <summary>Run only where discovery says ServiceCIDRs are served.</summary>
    private ResourceInformer<V1ServiceCIDR> ServiceCidrs { get; }

    /// <summary>Null without a namespace selector: nothing needs the labels.</summary>
    private ResourceInformer<V1Namespace>? Namespaces { get; }

    public bool HasSynced =>
        Nodes.HasSynced
        && (Namespaces?.HasSynced ?? true)
        && serviceCidrsServed.Task.IsCompletedSuccessfully
        && (!serviceCidrsServed.Task.Result || ServiceCidrs.HasSynced);

    /// <summary>Asks discovery about ServiceCIDRs, then lists and watches until <paramref name="cancellationToken"/> is cancelled; never fails otherwise.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(
        Nodes.RunAsync(cancellationToken),
        Namespaces?.RunAsync(cancellationToken) ?? Task.CompletedTask,
        RunServiceCidrsAsync(cancellationToken),
        TellFailedReadsAsync(cancellationToken));

    public async Task WaitForSyncAsync(CancellationToken cancellationToken)
    {
        await Nodes.WaitForSyncAsync(cancellationToken);
        if (Namespaces is not null)
        {
            await Namespaces.WaitForSyncAsync(cancellationToken);
        }

        if (await serviceCidrsServed.Task.WaitAsync(cancellationToken))
        {
            await ServiceCidrs.WaitForSyncAsync(cancellationToken);
        }
    }

    /// <summary>The facts as the informers hold them; waits for their first lists, or throws once one of them has failed.</summary>
    public async Task<ClusterFacts> ReadAsync(CancellationToken cancellationToken)
    {
        if (!HasSynced)
        {
            var synced = WaitForSyncAsync(cancellationToken);
            if (await Task.WhenAny(synced, firstFailure.Task) != synced && !HasSynced)
            {
                failedARead = true;
                throw new InvalidOperationException($"their first list failed ({KubernetesErrors.Describe(firstFailure.Task.Result)}) and is being retried");
            }

            await synced;
        }

        lock (factsGate)
        {
            return facts ??= Build();
        }
    }

    /// <summary>
    /// Calls <paramref name="handler"/> with every change of the facts from now until the result is
    /// disposed; on the informers' loops, so it must only enqueue.
    /// </summary>
    public IDisposable SubscribeChanges(Action<ClusterFactsChange> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (subscribersGate)
        {
            subscribers = [.. subscribers, handler];
        }

        return new Subscription(this, handler);
    }

    private static bool NodeChanged(ResourceChange<V1Node> change) =>
        !ClusterFacts.PodCidrsOf(change.Object).SequenceEqual(change.Type == ResourceChangeType.Updated ? ClusterFacts.PodCidrsOf(change.Previous!) : [])
        || !ClusterFacts.AddressesOf(change.Object).SequenceEqual(change.Type == ResourceChangeType.Updated ? ClusterFacts.AddressesOf(change.Previous!) : []);

    private static bool ServiceCidrChanged(ResourceChange<V1ServiceCIDR> change) =>
        !ClusterFacts.CidrsOf(change.Object).SequenceEqual(change.Type == ResourceChangeType.Updated ? ClusterFacts.CidrsOf(change.Previous!) : []);

    private static bool NamespaceChanged(ResourceChange<V1Namespace> change) =>
        change.Type != ResourceChangeType.Updated || !ClusterFacts.LabelsOf(change.Object).Equals(ClusterFacts.LabelsOf(change.Previous!));

    private ResourceInformer<T> Informer<T>(ListWatch<T> source, Func<ResourceChange<T>, bool> changesFacts, SyncMetrics metrics, ILoggerFactory loggers)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var informer = new ResourceInformer<T>(source, options, time, metrics, loggers.CreateLogger<ResourceInformer<T>>());
        informer.Subscribe(change =>
        {
            // The first lists are what the first read builds the facts from; a Node's heartbeat changes none of them.
            if (change.Origin != ResourceChangeOrigin.FirstList && changesFacts(change))
            {
                Rebuild();
            }
        });
        return informer;
    }

    private void Failed(Exception e) => firstFailure.TrySetResult(e);

    /// <summary>Once the first lists are in, the ExternalServices held because they were not are judged again.</summary>
    private async Task TellFailedReadsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await WaitForSyncAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (failedARead)
        {
            lock (factsGate)
            {
                facts ??= Build();
            }

            Notify(new ClusterFactsChange(true, new HashSet<string>(StringComparer.Ordinal)));
        }
    }

    private async Task RunServiceCidrsAsync(CancellationToken cancellationToken)
    {
        var backoff = new WatchBackoff(options.BackoffBase, options.BackoffMax, Random.Shared.NextDouble);
        bool served;
        while (true)
        {
            try
            {
                served = await ServiceCidrDiscovery.IsServedAsync(client, cancellationToken);
                break;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                Failed(e);
                var delay = backoff.Next();
                Log.DiscoveryFailed(logger, (long)delay.TotalMilliseconds, KubernetesErrors.Describe(e));
                try
                {
                    await Task.Delay(delay, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        Log.Discovered(logger, served);
        serviceCidrsServed.TrySetResult(served);
        if (served)
        {
            await ServiceCidrs.RunAsync(cancellationToken);
        }
    }

    private ClusterFacts Build() => ClusterFacts.From(
        Nodes.Snapshot(),
        serviceCidrsServed.Task.IsCompletedSuccessfully && serviceCidrsServed.Task.Result ? ServiceCidrs.Snapshot() : null,
        Namespaces?.Snapshot());

    private void Rebuild()
    {
        ClusterFactsChange change;
        lock (factsGate)
        {
            if (facts is null)
            {
                // Never read: the first read builds them from the stores as they are then.
                return;
            }

            var next = Build();
            change = ClusterFactsChange.Between(facts, next);
            facts = next;
        }

        if (change.IsEmpty)
        {
            return;
        }

        Notify(change);
    }

    private void Notify(ClusterFactsChange change)
    {
        Log.Changed(logger, change.Networks, string.Join(", ", change.RelabelledNamespaces.Order(StringComparer.Ordinal)));
        foreach (var handler in Volatile.Read(ref subscribers))
        {
            handler(change);
        }
    }

    private void Unsubscribe(Action<ClusterFactsChange> handler)
    {
        lock (subscribersGate)
        {
            subscribers = [.. subscribers.Where(h => h != handler)];
        }
    }

    private sealed class Subscription(ClusterFactsCache cache, Action<ClusterFactsChange> handler) : IDisposable
    {
        public void Dispose() => cache.Unsubscribe(handler);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 231, Level = LogLevel.Information, Message = "The cluster's facts changed (networks: {Networks}; relabelled namespaces: {Namespaces}); re-planning the ExternalServices they concern")]
        public static partial void Changed(ILogger logger, bool networks, string namespaces);

        [LoggerMessage(EventId = 232, Level = LogLevel.Information, Message = "Discovery: networking.k8s.io/v1 ServiceCIDR served: {Served} (if not, the configured clusterNetworks.serviceCidrs are the Service networks)")]
        public static partial void Discovered(ILogger logger, bool served);

        [LoggerMessage(EventId = 233, Level = LogLevel.Warning, Message = "Discovery of networking.k8s.io/v1 failed, retrying in {RetryDelayMs} ms: {Reason}")]
        public static partial void DiscoveryFailed(ILogger logger, long retryDelayMs, string reason);
    }
}
