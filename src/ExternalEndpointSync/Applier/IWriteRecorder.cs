using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Applier;

/// <summary>
/// Told of every write the applier made, with the object the API server returned (or, for a
/// delete, the object deleted): a watch cache learns of its own writes before their watch events.
/// </summary>
public interface IWriteRecorder
{
    void Wrote(IKubernetesObject<V1ObjectMeta> written);

    void Deleted(IKubernetesObject<V1ObjectMeta> deleted);
}
