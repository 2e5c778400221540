using ExternalEndpointSync.Planning;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Tests.Planning;

/// <summary>
/// Applies plans the way the applier and the API server together would, so that a test can plan
/// again against the result: names from generateName, uids, resourceVersions (optimistic
/// concurrency enforced), the Service defaults the server fills (clusterIP, targetPort, protocol,
/// sessionAffinity, ipFamilies…), Endpoints re-packed (stored in another subset order than the
/// planner writes, as the real server's order is its own), Endpoints deleted with their Service,
/// and the pending slice ownerReference bound to the Service created in the same plan.
/// Listing returns deep copies without kind and apiVersion, as list calls do.
/// </summary>
internal sealed class InMemoryCluster
{
    private readonly Dictionary<string, V1Service> services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, V1EndpointSlice> slices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, V1Endpoints> endpoints = new(StringComparer.Ordinal);
    private long resourceVersion = 1000;
    private int nameCounter;

    public InMemoryCluster()
        : this(ClusterState.Empty)
    {
    }

    public InMemoryCluster(ClusterState initial)
    {
        foreach (var service in initial.Services)
        {
            services[Key(service)] = Copy(service);
        }

        foreach (var slice in initial.EndpointSlices)
        {
            slices[Key(slice)] = Copy(slice);
        }

        foreach (var item in initial.Endpoints)
        {
            endpoints[Key(item)] = Copy(item);
        }
    }

    /// <summary>True (the default): families as a dual-stack cluster grants them; false: single-stack IPv4.</summary>
    public bool DualStack { get; init; } = true;

    public int Creates { get; private set; }

    public int Updates { get; private set; }

    public int Deletes { get; private set; }

    public int Writes => Creates + Updates + Deletes;

    public IReadOnlyList<V1EndpointSlice> Slices => [.. slices.Values.OrderBy(Key, StringComparer.Ordinal)];

    public ClusterState State() => new(
        [.. services.Values.OrderBy(Key, StringComparer.Ordinal).Select(ListItem)],
        [.. slices.Values.OrderBy(Key, StringComparer.Ordinal).Select(ListItem)],
        [.. endpoints.Values.OrderBy(Key, StringComparer.Ordinal).Select(ListItem)]);

    public void ResetCounts() => (Creates, Updates, Deletes) = (0, 0, 0);

    public void Apply(Plan plan)
    {
        foreach (var service in plan.Services)
        {
            string? createdServiceUid = null;
            foreach (var change in service.Changes)
            {
                var value = Copy(change.Object);
                if (value is V1EndpointSlice slice && createdServiceUid is not null)
                {
                    SliceOwner.BindOwner(slice, createdServiceUid);
                }

                Apply(change.Action, value);
                if (change.Action == ChangeAction.Create && value is V1Service created)
                {
                    createdServiceUid = created.Metadata.Uid;
                }
            }
        }
    }

    private void Apply(ChangeAction action, IKubernetesObject<V1ObjectMeta> value)
    {
        switch (value)
        {
            case V1Service service:
                Write(services, action, service, ServiceDefaults);
                if (action == ChangeAction.Delete)
                {
                    endpoints.Remove(Key(service));
                }

                break;
            case V1EndpointSlice slice:
                Write(slices, action, slice, Validate);
                break;
            case V1Endpoints item:
                Write(endpoints, action, item, Repack);
                break;
            default:
                throw new InvalidOperationException($"Unexpected kind {value.Kind}.");
        }
    }

    private void Write<T>(Dictionary<string, T> store, ChangeAction action, T value, Action<T, T?> admit)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var metadata = value.Metadata;
        switch (action)
        {
            case ChangeAction.Create:
                if (metadata.ResourceVersion is not null || metadata.Uid is not null)
                {
                    throw new InvalidOperationException($"create of {value.Kind} carries resourceVersion or uid");
                }

                if (metadata.Name is null)
                {
                    metadata.Name = metadata.GenerateName + GeneratedSuffix();
                }

                if (store.ContainsKey(Key(value)))
                {
                    throw new InvalidOperationException($"{value.Kind} {Key(value)} already exists");
                }

                metadata.Uid = $"uid-{++nameCounter}";
                admit(value, null);
                Creates++;
                break;
            case ChangeAction.Update:
                if (!store.TryGetValue(Key(value), out var existing))
                {
                    throw new InvalidOperationException($"{value.Kind} {Key(value)} not found");
                }

                if (metadata.ResourceVersion != existing.Metadata.ResourceVersion || metadata.Uid != existing.Metadata.Uid)
                {
                    throw new InvalidOperationException($"conflict on {value.Kind} {Key(value)}");
                }

                admit(value, existing);
                Updates++;
                break;
            case ChangeAction.Delete:
                if (!store.Remove(Key(value)))
                {
                    throw new InvalidOperationException($"{value.Kind} {Key(value)} not found");
                }

                Deletes++;
                return;
        }

        metadata.ResourceVersion = (++resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
        store[Key(value)] = value;
    }

    private void ServiceDefaults(V1Service service, V1Service? existing)
    {
        var spec = service.Spec;
        spec.Type ??= "ClusterIP";
        if (spec.Type != "ExternalName")
        {
            spec.SessionAffinity ??= "None";
            spec.InternalTrafficPolicy ??= "Cluster";
            if (spec.ClusterIP is null)
            {
                spec.ClusterIP = existing?.Spec.ClusterIP ?? $"10.96.{nameCounter / 250}.{(nameCounter % 250) + 1}";
                spec.ClusterIPs = [spec.ClusterIP];
            }

            spec.IpFamilyPolicy ??= spec.ClusterIP == "None" ? "RequireDualStack" : "SingleStack";
            spec.IpFamilies ??= ["IPv4"];
            if (spec.IpFamilyPolicy != "SingleStack" && spec.IpFamilies.Count == 1 && (DualStack || spec.ClusterIP == "None"))
            {
                spec.IpFamilies = [spec.IpFamilies[0], spec.IpFamilies[0] == "IPv4" ? "IPv6" : "IPv4"];
            }
        }

        foreach (var port in spec.Ports ?? [])
        {
            port.Protocol ??= "TCP";
            port.TargetPort ??= port.Port;
        }
    }

    private static void Validate(V1EndpointSlice slice, V1EndpointSlice? existing)
    {
        if (existing is not null && existing.AddressType != slice.AddressType)
        {
            throw new InvalidOperationException("addressType is immutable");
        }

        if (slice.Endpoints.Count > 1000)
        {
            throw new InvalidOperationException("too many endpoints");
        }

        if (slice.Metadata.OwnerReferences?.Any(reference => string.IsNullOrEmpty(reference.Uid)) == true)
        {
            throw new InvalidOperationException("ownerReference without uid");
        }

        foreach (var address in slice.Endpoints.SelectMany(endpoint => endpoint.Addresses))
        {
            var ipv6 = address.Contains(':', StringComparison.Ordinal);
            if (ipv6 != (slice.AddressType == "IPv6") || AddressFilter.Classify(address, out _) is not null)
            {
                throw new InvalidOperationException($"invalid address {address} in {slice.AddressType} slice");
            }
        }

        foreach (var port in slice.Ports ?? [])
        {
            port.Protocol ??= "TCP";
            port.Name ??= "";
        }
    }

    private static void Repack(V1Endpoints item, V1Endpoints? existing)
    {
        var packed = EndpointsPacker.Repack(item.Subsets);
        item.Subsets = packed?.Reverse().ToList();
    }

    private string GeneratedSuffix()
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        var suffix = new char[5];
        var n = ++nameCounter;
        for (var i = 4; i >= 0; i--)
        {
            suffix[i] = alphabet[n % alphabet.Length];
            n /= alphabet.Length;
        }

        return new string(suffix);
    }

    private static T ListItem<T>(T value) where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var copy = Copy(value);
        copy.Kind = null;
        copy.ApiVersion = null;
        return copy;
    }

    private static T Copy<T>(T value) where T : class => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value));

    private static IKubernetesObject<V1ObjectMeta> Copy(IKubernetesObject<V1ObjectMeta> value) => value switch
    {
        V1Service service => Copy(service),
        V1EndpointSlice slice => Copy(slice),
        V1Endpoints item => Copy(item),
        _ => throw new InvalidOperationException($"Unexpected kind {value.Kind}."),
    };

    private static string Key(IKubernetesObject<V1ObjectMeta> value) => $"{value.Metadata.NamespaceProperty}/{value.Metadata.Name}";
}
