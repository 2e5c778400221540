using System.Threading.Channels;
using ExternalEndpointSync.Cluster.Watch;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations.Yaml;

namespace ExternalEndpointSync.Registrations.Resources;

/// <summary>
/// The registrations of the ExternalServices in the cluster, one per object with a valid spec,
/// kept up to date from an informer's list and watch events (<see cref="Follow"/>, and
/// <see cref="Replace"/> with its first list). An object whose spec is invalid is not registered; it is kept with its
/// problems (<see cref="Problems"/>) so that its status can say why. Every object that changed is
/// announced on <see cref="Touched"/>, so its status can follow.
/// </summary>
public sealed class ExternalServiceRegistrations(ConfigMapping? defaults) : IRegistrationSource
{
    private ConfigMapping? defaults = defaults;
    private readonly RegistrationSet set = new([]);
    private readonly Lock gate = new();
    private readonly Dictionary<ServiceKey, Entry> entries = [];
    private readonly Channel<ServiceKey> touched = Channel.CreateUnbounded<ServiceKey>(new UnboundedChannelOptions { SingleReader = true });

    public IReadOnlyList<ExternalServiceSpec> Current => set.Current;

    public ChannelReader<RegistrationChange> Changes => set.Changes;

    /// <summary>The Services whose object was added, changed or removed.</summary>
    public ChannelReader<ServiceKey> Touched => touched.Reader;

    /// <summary>The object registering <paramref name="service"/> as last seen; null when there is none.</summary>
    public ExternalServiceObject? Find(ServiceKey service)
    {
        lock (gate)
        {
            return entries.GetValueOrDefault(service)?.Resource;
        }
    }

    /// <summary>The registration of the object for <paramref name="service"/>; null when there is none or its spec is invalid.</summary>
    public ExternalServiceSpec? Registration(ServiceKey service)
    {
        lock (gate)
        {
            return entries.GetValueOrDefault(service)?.Parsed.Spec;
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

    /// <summary>Takes every later change of <paramref name="informer"/>'s store; disposing the result stops that.</summary>
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
                entries[entry.Resource.Key] = entry with { Parsed = ExternalServiceSpecParser.Parse(entry.Resource, defaults) };
                touched.Writer.TryWrite(entry.Resource.Key);
            }

            Publish();
        }
    }

    /// <summary>A fresh list: objects it does not name are gone.</summary>
    public void Replace(IEnumerable<ExternalServiceObject> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        lock (gate)
        {
            var listed = resources.ToDictionary(static r => r.Key);
            foreach (var key in entries.Keys.Where(k => !listed.ContainsKey(k)).ToList())
            {
                entries.Remove(key);
                touched.Writer.TryWrite(key);
            }

            foreach (var resource in listed.Values)
            {
                Store(resource);
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
                touched.Writer.TryWrite(resource.Key);
                Publish();
            }
        }
    }

    private void Store(ExternalServiceObject resource)
    {
        var previous = entries.GetValueOrDefault(resource.Key);
        // A status write comes back as a change of the object; its spec, and so its registration, is the same.
        var parsed = previous is not null && previous.Resource.Metadata.Uid == resource.Metadata.Uid && previous.Resource.Metadata.Generation == resource.Metadata.Generation
            ? previous.Parsed
            : ExternalServiceSpecParser.Parse(resource, defaults);
        entries[resource.Key] = new Entry(resource, parsed);
        if (previous is null || !ReferenceEquals(previous.Parsed, parsed))
        {
            touched.Writer.TryWrite(resource.Key);
        }
    }

    private void Publish() =>
        set.Replace([.. entries.Values.Select(static e => e.Parsed.Spec).OfType<ExternalServiceSpec>().OrderBy(static s => s.Key, ServiceKey.Ordinal)]);

    private sealed record Entry(ExternalServiceObject Resource, ServiceEntryResult Parsed);
}
