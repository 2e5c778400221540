using ExternalEndpointSync.Model;
using ExternalEndpointSync.Planning;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Applier;

/// <summary>Small operations on Kubernetes objects the writer needs.</summary>
public static class KubernetesObjects
{
    public static string Describe(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var name = obj.Metadata.Name ?? $"{obj.Metadata.GenerateName}*";
        return $"{WrittenKind.Of(obj).Kind} {obj.Metadata.NamespaceProperty}/{name}";
    }

    /// <summary>
    /// Puts our desired object on top of a freshly read one: its resourceVersion, the fields the
    /// server allocated (a Service's cluster IPs), and labels or annotations others added.
    /// </summary>
    public static IKubernetesObject<V1ObjectMeta> Rebase(IKubernetesObject<V1ObjectMeta> desired, IKubernetesObject<V1ObjectMeta> fresh)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        var result = WrittenKind.Of(desired).Clone(desired);
        result.Metadata.ResourceVersion = fresh.Metadata.ResourceVersion;
        result.Metadata.Uid = fresh.Metadata.Uid;
        result.Metadata.Labels = ObjectMetadata.Merge(fresh.Metadata.Labels, result.Metadata.Labels);
        result.Metadata.Annotations = ObjectMetadata.Merge(fresh.Metadata.Annotations, result.Metadata.Annotations);
        if (result is V1Service service && fresh is V1Service current && service.Spec is { } spec && current.Spec is { } allocated)
        {
            spec.ClusterIP = allocated.ClusterIP;
            spec.ClusterIPs = allocated.ClusterIPs;
            spec.IpFamilies = allocated.IpFamilies;
            spec.IpFamilyPolicy = allocated.IpFamilyPolicy;
        }

        return result;
    }
}
