using ExternalEndpointSync.Model;
using k8s.Models;

namespace ExternalEndpointSync.Planning;

/// <summary>
/// Compares a Service read back with the one we would write, on the fields we set only, with the
/// API server's defaults applied (protocol TCP, targetPort = port), so that the clusterIP,
/// ipFamilies, sessionAffinity, nodePort and other values the server fills never cause a write;
/// only a single-stack Service that should now be PreferDualStack is updated (<see cref="ServiceFamilies"/>).
/// Labels and annotations are up to date when ours are present with our values; others' stay.
/// </summary>
internal static class ServiceDiff
{
    public static bool IsUpToDate(V1Service current, V1Service desired)
    {
        var have = current.Spec ?? new V1ServiceSpec();
        var want = desired.Spec;
        return ObjectMetadata.ContainsAll(current.Metadata.Labels, desired.Metadata.Labels)
            && ObjectMetadata.ContainsAll(current.Metadata.Annotations, desired.Metadata.Annotations)
            && ObjectMetadata.HasOwners(current.Metadata.OwnerReferences, desired.Metadata.OwnerReferences?.ToList() ?? [])
            && (have.Type ?? "ClusterIP") == want.Type
            && have.Selector is null or { Count: 0 }
            && ServiceBuilder.ExternalNameOf(have.ExternalName) == want.ExternalName
            && PortKeys(have.Ports).SequenceEqual(PortKeys(want.Ports), StringComparer.Ordinal)
            && ServiceFamilies.IsGranted(have, want);
    }

    /// <summary>
    /// The update to send: the current object, so every server-set field and the resourceVersion
    /// travel back unchanged, with our labels, annotations and spec fields written over it.
    /// </summary>
    public static V1Service Rewrite(V1Service current, V1Service desired)
    {
        var updated = WrittenKind.Service.Copy(current);
        updated.Metadata.Labels = ObjectMetadata.Merge(current.Metadata.Labels, desired.Metadata.Labels);
        updated.Metadata.Annotations = ObjectMetadata.Merge(current.Metadata.Annotations, desired.Metadata.Annotations);
        updated.Metadata.OwnerReferences = ObjectMetadata.MergeOwners(current.Metadata.OwnerReferences, desired.Metadata.OwnerReferences?.ToList() ?? []);
        updated.Spec ??= new V1ServiceSpec();
        updated.Spec.Type = desired.Spec.Type;
        updated.Spec.Selector = null;
        updated.Spec.ExternalName = desired.Spec.ExternalName;
        updated.Spec.Ports = desired.Spec.Ports?.Select(port => port with { }).ToList();
        if (!ServiceFamilies.IsGranted(updated.Spec, desired.Spec))
        {
            // Families and cluster IPs travel back as read: the server adds the secondary where the cluster has one.
            updated.Spec.IpFamilyPolicy = desired.Spec.IpFamilyPolicy;
        }

        return updated;
    }

    private static IEnumerable<string> PortKeys(IEnumerable<V1ServicePort>? ports) =>
        (ports ?? []).Select(port =>
            $"{port.Name}:{port.Port}/{port.Protocol ?? "TCP"}>{(port.TargetPort?.Value is { Length: > 0 } target ? target : port.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))}/{port.AppProtocol}");
}
