using ExternalEndpointSync.Model;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Planning;

/// <summary>Plans one registration: its Service, its EndpointSlices and its legacy Endpoints.</summary>
internal static class ServicePlanner
{
    public static ServicePlan Held(ServiceKey key, OwnedObjects current) => new()
    {
        Key = key,
        Held = true,
        Desired = DesiredObjects.Sorted(current.All),
    };

    /// <summary>Dependents first, the Service last, so nothing is ever left pointing at a missing owner.</summary>
    public static ServicePlan Removed(ServiceKey key, OwnedObjects current, PlanOptions options)
    {
        var changes = current.Slices
            .Cast<IKubernetesObject<V1ObjectMeta>>()
            .Append(current.Endpoints)
            .Append(current.Service)
            .OfType<IKubernetesObject<V1ObjectMeta>>()
            .Select(value => new ObjectChange(ChangeAction.Delete, value));
        var allowed = PlanPolicy.Apply(options.Policy, changes);
        return new ServicePlan
        {
            Key = key,
            Removed = true,
            Changes = allowed,
            Desired = DesiredObjects.After(current.All, allowed),
        };
    }

    public static ServicePlan Plan(DesiredService desired, OwnedObjects current, PlanOptions options)
    {
        if (desired.Endpoints is null)
        {
            return Held(desired.Key, current);
        }

        var spec = desired.Spec;
        var service = new ServiceContext(spec, options.OwnerId);
        var (accepted, dropped) = spec.Type == ServiceType.ExternalName
            ? ([], [])
            : AddressFilter.Filter(desired.Endpoints, spec.Ports.Count > 0 ? spec.Ports[0].EndpointPort : null);

        var changes = new List<ObjectChange>();
        var unchanged = 0;
        var desiredService = ServiceBuilder.Build(service, accepted);
        var typeChange = current.Service is not null && ServiceBuilder.TypeOf(current.Service) != spec.Type;
        var unserved = new List<UnservedFamily>();
        if (spec.Type != ServiceType.ExternalName)
        {
            (accepted, unserved) = ServedOnly(accepted, ServiceFamilies.Served(typeChange ? null : current.Service, desiredService));
        }

        string ownerUid;
        if (current.Service is null || typeChange)
        {
            if (typeChange && options.Policy != SyncPolicy.Sync)
            {
                // A type change is a delete and a create; without the delete the create would clash, so nothing is planned.
                return new ServicePlan { Key = desired.Key, Desired = DesiredObjects.Sorted(current.All), Dropped = dropped };
            }

            if (typeChange)
            {
                changes.Add(new ObjectChange(ChangeAction.Delete, current.Service!));
            }

            changes.Add(new ObjectChange(ChangeAction.Create, desiredService));
            ownerUid = SliceOwner.PendingUid;
        }
        else
        {
            ownerUid = current.Service.Metadata.Uid ?? SliceOwner.PendingUid;
            if (ServiceDiff.IsUpToDate(current.Service, desiredService))
            {
                unchanged++;
            }
            else
            {
                changes.Add(new ObjectChange(ChangeAction.Update, ServiceDiff.Rewrite(current.Service, desiredService), current.Service));
            }
        }

        var slices = PlanSlices(service, ownerUid, accepted, current.Slices);
        changes.AddRange(slices.Create.Select(slice => new ObjectChange(ChangeAction.Create, slice)));
        changes.AddRange(slices.Update.Select(update => new ObjectChange(ChangeAction.Update, update.Updated, update.Current)));
        changes.AddRange(slices.Delete.Select(slice => new ObjectChange(ChangeAction.Delete, slice)));
        unchanged += slices.Unchanged.Count;

        // Deleting a Service deletes the Endpoints of the same name, so after a type change there is none to update or delete.
        var currentEndpoints = typeChange ? null : current.Endpoints;
        if (PlanEndpoints(service, accepted, currentEndpoints, out var endpointsAddresses) is { } endpointsChange)
        {
            changes.Add(endpointsChange);
        }
        else if (currentEndpoints is not null)
        {
            unchanged++;
        }

        var allowed = PlanPolicy.Apply(options.Policy, changes);
        var before = typeChange ? current with { Endpoints = null } : current;
        return new ServicePlan
        {
            Key = desired.Key,
            Changes = allowed,
            Desired = DesiredObjects.After(before.All, allowed),
            Dropped = dropped,
            Unserved = unserved,
            EndpointsTruncatedFrom = endpointsAddresses > EndpointsCapacity.MaxAddresses ? endpointsAddresses : null,
            Unchanged = unchanged,
        };
    }

    private static (IReadOnlyList<AcceptedEndpoint> Served, List<UnservedFamily> Unserved) ServedOnly(IReadOnlyList<AcceptedEndpoint> accepted, IReadOnlySet<string> families)
    {
        var unserved = accepted
            .Where(endpoint => !families.Contains(endpoint.AddressType))
            .GroupBy(static endpoint => endpoint.AddressType, StringComparer.Ordinal)
            .OrderBy(static group => group.Key, StringComparer.Ordinal)
            .Select(group => new UnservedFamily(group.Key, group.Count(), [.. families.Order(StringComparer.Ordinal)]))
            .ToList();
        return unserved.Count == 0 ? (accepted, unserved) : ([.. accepted.Where(endpoint => families.Contains(endpoint.AddressType))], unserved);
    }

    private static SliceChanges PlanSlices(ServiceContext service, string ownerUid, IReadOnlyList<AcceptedEndpoint> accepted, IReadOnlyList<V1EndpointSlice> current)
    {
        var publish = service.Spec.Type != ServiceType.ExternalName && service.Spec.Publish.EndpointSlices;
        var groups = publish ? EndpointGroup.From(service.Spec.Ports, accepted) : [];
        var placeholder = publish
            ? EndpointSliceBuilder.New(service, ownerUid, EndpointSliceBuilder.IPv4, EndpointGroup.PortsFor(service.Spec.Ports, null), [])
            : null;
        var maxPerSlice = Math.Clamp(service.Spec.Publish.MaxEndpointsPerSlice, 1, PublishSpec.MaxEndpointsPerSliceLimit);
        return EndpointSliceReconciler.Reconcile(service, ownerUid, groups, current, maxPerSlice, placeholder);
    }

    /// <summary>The one write the legacy Endpoints need, or null when there is none (absent and unwanted, or up to date).</summary>
    private static ObjectChange? PlanEndpoints(ServiceContext service, IReadOnlyList<AcceptedEndpoint> accepted, V1Endpoints? current, out int addresses)
    {
        addresses = 0;
        if (service.Spec.Type == ServiceType.ExternalName || !service.Spec.Publish.Endpoints)
        {
            return current is null ? null : new ObjectChange(ChangeAction.Delete, current);
        }

        var desired = EndpointsBuilder.Build(service, accepted, out addresses);
        if (current is null)
        {
            return new ObjectChange(ChangeAction.Create, desired);
        }

        return EndpointsBuilder.IsUpToDate(current, desired, service)
            ? null
            : new ObjectChange(ChangeAction.Update, EndpointsBuilder.Rewrite(current, desired, service), current);
    }
}
