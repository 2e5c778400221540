using ExternalEndpointSync.Cluster.Watch;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations.Yaml;
using ExternalEndpointSync.Reporting.Metrics;
using k8s;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.Registrations.Resources;

/// <summary>
/// The ExternalServices of the cluster as the worker process knows them, next to the watch cache
/// of owned objects and for as long: informers on every replica, leader or not, feeding one
/// <see cref="ExternalServiceRegistrations"/>, so that a new leader plans with what followers kept
/// warm (no list) and remembers each object's last valid spec. Where the admin's policy admits
/// namespaces only by name, only those namespaces are watched (one list and watch each), since no
/// object elsewhere could be admitted; with a namespace selector (or no namespace rule) every
/// namespace is, as a namespace's labels may change. The policy is restart-only, so the scope is fixed for the process.
/// </summary>
public sealed class ExternalServiceCache
{
    private readonly IReadOnlyList<ResourceInformer<ExternalServiceObject>> informers;

    public ExternalServiceCache(
        IKubernetes client, ExternalServicePolicy policy, ConfigMapping? defaults, ResourceInformerOptions options, TimeProvider time, SyncMetrics metrics, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(loggers);
        Registrations = new ExternalServiceRegistrations(defaults);
        var logger = loggers.CreateLogger<ResourceInformer<ExternalServiceObject>>();
        informers = [.. (WatchedNamespaces(policy)?.Select(static ns => (string?)ns) ?? [null]).Select(ns => new ResourceInformer<ExternalServiceObject>(ExternalServiceListWatch.Create(client, ns), options, time, metrics, logger))];
        foreach (var informer in informers)
        {
            Registrations.Follow(informer);
        }
    }

    public ExternalServiceRegistrations Registrations { get; }

    public bool HasSynced => informers.All(static i => i.HasSynced);

    /// <summary>The namespaces watched one by one; null when every namespace is watched at once.</summary>
    public static IReadOnlyList<string>? WatchedNamespaces(ExternalServicePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.NamespaceSelector is null && policy.Namespaces.Count > 0 ? [.. policy.Namespaces.Distinct(StringComparer.Ordinal)] : null;
    }

    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(informers.Select(i => i.RunAsync(cancellationToken)));

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.WhenAll(informers.Select(i => i.WaitForSyncAsync(cancellationToken)));
}
