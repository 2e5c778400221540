using ExternalEndpointSync.Cluster.Watch;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations.Yaml;

namespace ExternalEndpointSync.Registrations.Resources;

/// <summary>
/// The registrations of the ExternalServices in the cluster, kept up to date from an informer's
/// list and watch events (<see cref="Follow"/>) for as long as the process runs, on every replica,
/// so that a new leader starts from them warm. Each reader (a leader's term) takes its own
/// <see cref="Subscribe">subscription</see>. An object whose spec is invalid is kept with its
/// problems (<see cref="Problems"/>) so that its status can say why. What it publishes is what its
/// last valid spec asked for, if this process saw one for the same object (same uid), as
/// Kubernetes' controllers keep the last applied good state: an invalid edit never unpublishes.
/// An object that never had a valid spec here publishes nothing.
/// </summary>
public sealed class ExternalServiceRegistrations(ConfigMapping? defaults)
{
    private ConfigMapping? defaults = defaults;
    private readonly Lock gate = new();
    private readonly Dictionary<ServiceKey, Entry> entries = [];
    private ExternalServiceSubscription[] subscriptions = [];

    /// <summary>
    /// A reader's view from now on: the registrations as they are, then their changes; every
    /// object is announced as touched once at the start, so that the reader's statuses start from
    /// the world as it is, and again whenever it changes. Disposing it stops the changes reaching it.
    /// </summary>
    public ExternalServiceSubscription Subscribe()
    {
        lock (gate)
        {
            var subscription = new ExternalServiceSubscription(Published(), Unsubscribe);
            foreach (var key in entries.Keys)
            {
                subscription.Touch(key);
            }

            subscriptions = [.. subscriptions, subscription];
            return subscription;
        }
    }

    /// <summary>The object registering <paramref name="service"/> as last seen; null when there is none.</summary>
    public ExternalServiceObject? Find(ServiceKey service)
    {
        lock (gate)
        {
            return entries.GetValueOrDefault(service)?.Resource;
        }
    }

    /// <summary>
    /// What the object for <paramref name="service"/> publishes: its spec when valid, else its
    /// last valid one (an older generation, see <see cref="ExternalServiceSpec.Origin"/>); null when it publishes nothing.
    /// </summary>
    public ExternalServiceSpec? Registration(ServiceKey service)
    {
        lock (gate)
        {
            return entries.GetValueOrDefault(service)?.Published;
        }
    }

    /// <summary>The errors of the object's spec; empty when it is valid (or unknown).</summary>
    public IReadOnlyList<ConfigDiagnostic> Problems(ServiceKey service)
    {
        lock (gate)
        {
            return entries.GetValueOrDefault(service)?.Parsed.Errors ?? [];
        }
    }

    /// <summary>
    /// The object for <paramref name="service"/> when its spec is invalid and it publishes nothing
    /// (no valid spec of it was seen, as after a restart); null otherwise.
    /// </summary>
    public ExternalServiceObject? InvalidWithoutLastValid(ServiceKey service)
    {
        lock (gate)
        {
            return entries.GetValueOrDefault(service) is { Parsed.IsValid: false, Published: null } entry ? entry.Resource : null;
        }
    }

    /// <summary>Takes every change of <paramref name="informer"/>'s store from now on (the first list's objects arrive as additions); disposing the result stops that.</summary>
    public IDisposable Follow(ResourceInformer<ExternalServiceObject> informer)
    {
        ArgumentNullException.ThrowIfNull(informer);
        return informer.Subscribe(change =>
        {
            if (change.Type == ResourceChangeType.Deleted)
            {
                Remove(change.Object);
            }
            else
            {
                Upsert(change.Object);
            }
        });
    }

    /// <summary>The config file was reloaded with other defaults: every object is parsed again over them.</summary>
    public void UseDefaults(ConfigMapping? next)
    {
        lock (gate)
        {
            defaults = next;
            foreach (var entry in entries.Values.ToList())
            {
                var parsed = ExternalServiceSpecParser.Parse(entry.Resource, defaults);
                var lastValid = parsed.IsValid || entry.LastValid is not { } older ? null : ExternalServiceSpecParser.Parse(older, defaults).Spec;
                entries[entry.Resource.Key] = entry with
                {
                    Parsed = parsed,
                    LastValid = lastValid is null ? null : entry.LastValid,
                    Published = parsed.Spec ?? lastValid,
                };
                Touch(entry.Resource.Key);
            }

            Publish();
        }
    }

    public void Upsert(ExternalServiceObject resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        lock (gate)
        {
            Store(resource);
            Publish();
        }
    }

    public void Remove(ExternalServiceObject resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        lock (gate)
        {
            if (entries.Remove(resource.Key))
            {
                Touch(resource.Key);
                Publish();
            }
        }
    }

    private void Store(ExternalServiceObject resource)
    {
        var previous = entries.GetValueOrDefault(resource.Key);
        var same = previous is not null && previous.Resource.Metadata.Uid == resource.Metadata.Uid;
        if (same && previous!.Resource.Metadata.Generation == resource.Metadata.Generation)
        {
            // A status write comes back as a change of the object; its spec, and so its registration, is the same.
            entries[resource.Key] = previous with { Resource = resource };
            return;
        }

        var parsed = ExternalServiceSpecParser.Parse(resource, defaults);
        entries[resource.Key] = parsed.Spec is { } spec
            ? new Entry(resource, parsed, null, spec)
            : new Entry(resource, parsed, same ? previous!.LastValid ?? (previous.Parsed.IsValid ? previous.Resource : null) : null, same ? previous!.Published : null);
        Touch(resource.Key);
    }

    private void Touch(ServiceKey key)
    {
        foreach (var subscription in subscriptions)
        {
            subscription.Touch(key);
        }
    }

    private void Publish()
    {
        var published = Published();
        foreach (var subscription in subscriptions)
        {
            subscription.Replace(published);
        }
    }

    private List<ExternalServiceSpec> Published() =>
        [.. entries.Values.Select(static e => e.Published).OfType<ExternalServiceSpec>().OrderBy(static s => s.Key, ServiceKey.Ordinal)];

    private void Unsubscribe(ExternalServiceSubscription subscription)
    {
        lock (gate)
        {
            subscriptions = [.. subscriptions.Where(s => s != subscription)];
        }
    }

    /// <summary>
    /// An object as last seen, its spec parsed, the object whose spec was its last valid one while
    /// the current one is invalid (to parse it again over new defaults), and what it publishes.
    /// </summary>
    private sealed record Entry(ExternalServiceObject Resource, ServiceEntryResult Parsed, ExternalServiceObject? LastValid, ExternalServiceSpec? Published);
}
