using ExternalEndpointSync.Applier;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Reporting.Events;

/// <summary>
/// Writes Events through events.k8s.io/v1: a create, and a strategic-merge PATCH of
/// <c>series</c> for repeats, as client-go's EventSinkImpl does. A Service named without a uid
/// gets the current one read first, since <c>kubectl describe</c> selects Events by
/// <c>involvedObject.uid</c>; a Service that does not exist (yet) is named without one.
/// </summary>
public sealed class KubernetesEventSink(IKubernetes client) : IEventSink
{
    public bool MayWrite => true;

    public async Task<Eventsv1Event> CreateAsync(Eventsv1Event recorded, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var regarding = recorded.Regarding;
        if (regarding is { Kind: V1Service.KubeKind, Uid: null or "" })
        {
            regarding.Uid = await ServiceUidAsync(regarding, cancellationToken);
        }

        return await client.EventsV1.CreateNamespacedEventAsync(recorded, recorded.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
    }

    public async Task<Eventsv1Event?> PatchSeriesAsync(Eventsv1Event recorded, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var series = new Dictionary<string, object> { ["series"] = recorded.Series };
        try
        {
            return await client.EventsV1.PatchNamespacedEventAsync(
                new V1Patch(series, V1Patch.PatchType.StrategicMergePatch), recorded.Metadata.Name, recorded.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (KubernetesErrors.IsNotFound(e))
        {
            return null;
        }
    }

    private async Task<string?> ServiceUidAsync(V1ObjectReference service, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.CoreV1.ReadNamespacedServiceAsync(service.Name, service.NamespaceProperty, cancellationToken: cancellationToken)).Metadata.Uid;
        }
        catch (Exception e) when (KubernetesErrors.IsNotFound(e))
        {
            return null;
        }
    }
}
