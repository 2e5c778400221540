using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Applier;

/// <summary>Small operations on Kubernetes objects the writer needs.</summary>
public static class KubernetesObjects
{
    /// <summary>A deep copy, so writing never mutates a plan that others may still read.</summary>
    public static IKubernetesObject<V1ObjectMeta> Clone(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var json = KubernetesJson.Serialize(obj);
        return obj switch
        {
            V1Service => KubernetesJson.Deserialize<V1Service>(json),
            V1EndpointSlice => KubernetesJson.Deserialize<V1EndpointSlice>(json),
            V1Endpoints => KubernetesJson.Deserialize<V1Endpoints>(json),
            _ => throw new ArgumentException($"{obj.GetType().Name} is not a kind this project writes", nameof(obj)),
        };
    }

    public static string Describe(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var name = obj.Metadata.Name ?? $"{obj.Metadata.GenerateName}*";
        return $"{KindOf(obj)} {obj.Metadata.NamespaceProperty}/{name}";
    }

    public static string KindOf(IKubernetesObject<V1ObjectMeta> obj) => obj switch
    {
        V1Service => V1Service.KubeKind,
        V1EndpointSlice => V1EndpointSlice.KubeKind,
        V1Endpoints => V1Endpoints.KubeKind,
        _ => obj.Kind ?? obj.GetType().Name,
    };

    /// <summary>
    /// Puts our desired object on top of a freshly read one: its resourceVersion, the fields the
    /// server allocated (a Service's cluster IPs), and labels or annotations others added.
    /// </summary>
    public static IKubernetesObject<V1ObjectMeta> Rebase(IKubernetesObject<V1ObjectMeta> desired, IKubernetesObject<V1ObjectMeta> fresh)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        var result = Clone(desired);
        result.Metadata.ResourceVersion = fresh.Metadata.ResourceVersion;
        result.Metadata.Uid = fresh.Metadata.Uid;
        result.Metadata.Labels = Merge(fresh.Metadata.Labels, result.Metadata.Labels);
        result.Metadata.Annotations = Merge(fresh.Metadata.Annotations, result.Metadata.Annotations);
        if (result is V1Service service && fresh is V1Service current && service.Spec is { } spec && current.Spec is { } allocated)
        {
            spec.ClusterIP = allocated.ClusterIP;
            spec.ClusterIPs = allocated.ClusterIPs;
            spec.IpFamilies = allocated.IpFamilies;
            spec.IpFamilyPolicy = allocated.IpFamilyPolicy;
        }

        return result;
    }

    private static Dictionary<string, string>? Merge(IDictionary<string, string>? theirs, IDictionary<string, string>? ours)
    {
        if (theirs is null && ours is null)
        {
            return null;
        }

        var merged = new Dictionary<string, string>(theirs ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in ours ?? new Dictionary<string, string>())
        {
            merged[key] = value;
        }

        return merged;
    }
}
