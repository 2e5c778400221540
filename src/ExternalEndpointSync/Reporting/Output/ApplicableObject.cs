using ExternalEndpointSync.Model;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Reporting.Output;

/// <summary>
/// An owned object as someone would apply it: the fields the server sets (uid, resourceVersion,
/// timestamps, managed fields) are removed, and so is an ownerReference whose uid is not known
/// yet (a Service that does not exist), because the API server would reject it.
/// </summary>
public static class ApplicableObject
{
    public static IKubernetesObject<V1ObjectMeta> From(IKubernetesObject<V1ObjectMeta> obj)
    {
        var copy = WrittenKind.Of(obj).Clone(obj);
        var metadata = copy.Metadata;
        metadata.Uid = null;
        metadata.ResourceVersion = null;
        metadata.CreationTimestamp = null;
        metadata.Generation = null;
        metadata.ManagedFields = null;
        metadata.SelfLink = null;
        if (metadata.OwnerReferences is { } references)
        {
            var known = references.Where(static r => !string.IsNullOrEmpty(r.Uid)).ToList();
            metadata.OwnerReferences = known.Count > 0 ? known : null;
        }

        if (copy is V1Service service)
        {
            service.Status = null;
        }

        return copy;
    }
}
