using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Applier;

/// <summary>
/// Told of every write the applier made, with the object the API server returned (or, for a
/// delete, the object deleted): a watch cache learns of its own writes before their watch events.
/// </summary>
public interface IWriteRecorder
{
    /// <summary>
    /// A write is about to be sent; disposing the result says it is over (done or failed). Until
    /// then a watch event may be its echo although <see cref="Wrote"/> has not been told yet.
    /// </summary>
    IDisposable BeginWrite();

    void Wrote(IKubernetesObject<V1ObjectMeta> written);

    void Deleted(IKubernetesObject<V1ObjectMeta> deleted);
}
