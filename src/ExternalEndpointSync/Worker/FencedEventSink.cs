using ExternalEndpointSync.Reporting.Events;
using k8s.Models;

namespace ExternalEndpointSync.Worker;

/// <summary>
/// Events are writes too: only while this replica leads, under the term's write token, as
/// <see cref="FencedChangeApplier"/> does for the Service and its slices.
/// </summary>
public sealed class FencedEventSink(IEventSink inner, LeadershipFence fence, CancellationToken termWrites) : IEventSink
{
    public bool MayWrite => fence.IsLeading && !termWrites.IsCancellationRequested && inner.MayWrite;

    public async Task<Eventsv1Event> CreateAsync(Eventsv1Event recorded, CancellationToken cancellationToken)
    {
        using var writes = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, termWrites);
        return await inner.CreateAsync(recorded, writes.Token);
    }

    public async Task<Eventsv1Event?> PatchSeriesAsync(Eventsv1Event recorded, CancellationToken cancellationToken)
    {
        using var writes = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, termWrites);
        return await inner.PatchSeriesAsync(recorded, writes.Token);
    }
}
