using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Kubernetes;

/// <summary>
/// The planner cannot know the uid of a Service it is about to create, so it leaves the uid of
/// that ownerReference empty; the writer fills it in once the Service exists.
/// </summary>
public static class OwnerReferences
{
    public static bool NeedsServiceUid(IKubernetesObject<V1ObjectMeta> obj) =>
        obj.Metadata.OwnerReferences?.Any(static r => r.Kind == V1Service.KubeKind && string.IsNullOrEmpty(r.Uid)) == true;

    public static void FillServiceUid(IKubernetesObject<V1ObjectMeta> obj, string serviceName, string uid)
    {
        ArgumentNullException.ThrowIfNull(obj);
        foreach (var reference in obj.Metadata.OwnerReferences ?? [])
        {
            if (reference.Kind == V1Service.KubeKind && reference.Name == serviceName && string.IsNullOrEmpty(reference.Uid))
            {
                reference.Uid = uid;
            }
        }
    }
}
