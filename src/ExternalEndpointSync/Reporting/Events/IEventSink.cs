using k8s.Models;

namespace ExternalEndpointSync.Reporting.Events;

/// <summary>Where the recorder writes events.k8s.io/v1 Events: the API server, behind the leadership fence under <c>run</c>.</summary>
public interface IEventSink
{
    /// <summary>False while this process must not write (a replica that lost its lease).</summary>
    bool MayWrite { get; }

    Task<Eventsv1Event> CreateAsync(Eventsv1Event recorded, CancellationToken cancellationToken);

    /// <summary>Writes the series of an existing Event; null when that Event is gone (then it is created again).</summary>
    Task<Eventsv1Event?> PatchSeriesAsync(Eventsv1Event recorded, CancellationToken cancellationToken);
}
