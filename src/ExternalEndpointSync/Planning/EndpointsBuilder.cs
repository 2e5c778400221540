using ExternalEndpointSync.Model;
using k8s.Models;

namespace ExternalEndpointSync.Planning;

/// <summary>Builds the legacy v1 Endpoints of a registration, already in the packed form the server stores.</summary>
internal static class EndpointsBuilder
{
    // Without skip-mirror the EndpointSliceMirroring controller would publish every address a second time.
    public static IReadOnlyDictionary<string, string> Labels(ServiceContext service) =>
        ObjectMetadata.Merge(service.LabelsWith([]), [new(OwnershipLabels.SkipMirrorKey, "true")])!;

    /// <summary>
    /// The Endpoints to write, capped like Kubernetes' Endpoints controller caps them
    /// (<see cref="EndpointsCapacity"/>); <paramref name="addresses"/> is how many there were before the cap.
    /// </summary>
    public static V1Endpoints Build(ServiceContext service, IEnumerable<AcceptedEndpoint> endpoints, out int addresses)
    {
        var subsets = EndpointsCapacity.Truncate(EndpointsPacker.Repack(endpoints.Select(endpoint => Subset(service, endpoint))), out addresses);
        return new V1Endpoints
        {
            ApiVersion = WrittenKind.Endpoints.ApiVersion,
            Kind = WrittenKind.Endpoints.Kind,
            Metadata = service.NamedMetadata(
                Labels(service),
                addresses > EndpointsCapacity.MaxAddresses ? [new(EndpointsCapacity.OverCapacityAnnotation, EndpointsCapacity.Truncated)] : []),
            Subsets = subsets,
        };
    }

    /// <summary>True when the current object carries our labels, the over-capacity mark exactly when truncated, and packs to the same subsets.</summary>
    public static bool IsUpToDate(V1Endpoints current, V1Endpoints desired, ServiceContext service) =>
        ObjectMetadata.ContainsAll(current.Metadata.Labels, Labels(service))
        && ObjectMetadata.HasOwners(current.Metadata.OwnerReferences, service.Owners)
        && OverCapacity(current) == OverCapacity(desired)
        && EndpointsPacker.SamePacked(current.Subsets, desired.Subsets);

    /// <summary>The current object (name, uid, resourceVersion and others' labels kept) with our labels and subsets.</summary>
    public static V1Endpoints Rewrite(V1Endpoints current, V1Endpoints desired, ServiceContext service)
    {
        var updated = WrittenKind.Endpoints.Copy(current);
        updated.Metadata.Labels = ObjectMetadata.Merge(current.Metadata.Labels, Labels(service));
        updated.Metadata.OwnerReferences = ObjectMetadata.MergeOwners(current.Metadata.OwnerReferences, service.Owners);
        updated.Metadata.Annotations = ObjectMetadata.Merge(
            current.Metadata.Annotations?.Where(static a => a.Key != EndpointsCapacity.OverCapacityAnnotation),
            desired.Metadata.Annotations);
        updated.Subsets = desired.Subsets;
        return updated;
    }

    private static string? OverCapacity(V1Endpoints endpoints) =>
        endpoints.Metadata?.Annotations?.TryGetValue(EndpointsCapacity.OverCapacityAnnotation, out var value) == true ? value : null;

    private static V1EndpointSubset Subset(ServiceContext service, AcceptedEndpoint endpoint)
    {
        var address = new V1EndpointAddress { Ip = endpoint.Text };
        return new V1EndpointSubset
        {
            Addresses = endpoint.Ready ? [address] : null,
            NotReadyAddresses = endpoint.Ready ? null : [address],
            Ports = EndpointGroup.PortsFor(service.Spec.Ports, endpoint.Port)
                .Select(port => new Corev1EndpointPort
                {
                    Name = string.IsNullOrEmpty(port.Name) ? null : port.Name,
                    Port = port.Port ?? 0,
                    Protocol = port.Protocol,
                    AppProtocol = port.AppProtocol,
                })
                .ToList() is { Count: > 0 } ports ? ports : null,
        };
    }
}
