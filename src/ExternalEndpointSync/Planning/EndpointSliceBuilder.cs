using ExternalEndpointSync.Model;
using k8s.Models;

namespace ExternalEndpointSync.Planning;

/// <summary>Builds the EndpointSlices of a registration and the parts a reconciled slice is compared on.</summary>
internal static class EndpointSliceBuilder
{
    public const string IPv4 = "IPv4";
    public const string IPv6 = "IPv6";

    public static IReadOnlyDictionary<string, string> Labels(ServiceContext service) => service.LabelsWith(
    [
        new(OwnershipLabels.ServiceNameKey, service.Name),
        new(OwnershipLabels.SliceManagedByKey, OwnershipLabels.SliceManagedByValue),
    ]);

    /// <summary>A slice to create; the server names it from <c>generateName: &lt;service&gt;-</c>.</summary>
    public static V1EndpointSlice New(ServiceContext service, string ownerUid, string addressType, IReadOnlyList<Discoveryv1EndpointPort> ports, IEnumerable<V1Endpoint> endpoints) => new()
    {
        ApiVersion = WrittenKind.EndpointSlice.ApiVersion,
        Kind = WrittenKind.EndpointSlice.Kind,
        Metadata = new V1ObjectMeta
        {
            GenerateName = service.Name + "-",
            NamespaceProperty = service.Namespace,
            Labels = new Dictionary<string, string>(Labels(service), StringComparer.Ordinal),
            OwnerReferences = [SliceOwner.Reference(service.Name, ownerUid)],
        },
        AddressType = addressType,
        Endpoints = Sorted(endpoints),
        Ports = [.. ports.Select(Copy)],
    };

    /// <summary>An existing slice rewritten with our labels, owner, ports and endpoints; name, uid and resourceVersion stay.</summary>
    public static V1EndpointSlice Rewrite(V1EndpointSlice current, ServiceContext service, string ownerUid, IReadOnlyList<Discoveryv1EndpointPort> ports, IEnumerable<V1Endpoint> endpoints)
    {
        var updated = WrittenKind.EndpointSlice.Copy(current);
        updated.Metadata.Labels = ObjectMetadata.Merge(current.Metadata.Labels, Labels(service));
        updated.Metadata.OwnerReferences = [SliceOwner.Reference(service.Name, ownerUid)];
        updated.Ports = [.. ports.Select(Copy)];
        updated.Endpoints = Sorted(endpoints);
        return updated;
    }

    /// <summary>True when the slice carries our labels and exactly the one ownerReference it should.</summary>
    public static bool HasOurMetadata(V1EndpointSlice slice, ServiceContext service, string ownerUid) =>
        ObjectMetadata.ContainsAll(slice.Metadata.Labels, Labels(service))
        && SliceOwner.Matches(slice.Metadata.OwnerReferences, SliceOwner.Reference(service.Name, ownerUid));

    public static V1Endpoint Endpoint(AcceptedEndpoint endpoint) => new()
    {
        Addresses = [endpoint.Text],
        Conditions = new V1EndpointConditions { Ready = endpoint.Ready, Serving = endpoint.Serving, Terminating = false },
    };

    /// <summary>True when an endpoint read back is exactly what <see cref="Endpoint"/> would write.</summary>
    public static bool SameEndpoint(V1Endpoint current, V1Endpoint desired) =>
        current.Addresses is [var address] && address == desired.Addresses[0]
        && current.Conditions is { } conditions
        && conditions.Ready == desired.Conditions.Ready
        && conditions.Serving == desired.Conditions.Serving
        && conditions.Terminating == desired.Conditions.Terminating
        && current.Hostname is null && current.NodeName is null && current.Zone is null
        && current.TargetRef is null && current.Hints is null && current.DeprecatedTopology is null;

    /// <summary>The canonical address an existing endpoint stands for, or null when it is not one of ours to keep.</summary>
    public static string? AddressOf(V1Endpoint endpoint) =>
        endpoint.Addresses is [var text] && AddressFilter.Classify(text, out var address) is null ? address.ToString() : null;

    private static List<V1Endpoint> Sorted(IEnumerable<V1Endpoint> endpoints) =>
        [.. endpoints.OrderBy(endpoint => System.Net.IPAddress.Parse(endpoint.Addresses[0]), CanonicalAddressOrder.Instance)];

    private static Discoveryv1EndpointPort Copy(Discoveryv1EndpointPort port) => port with { };
}
