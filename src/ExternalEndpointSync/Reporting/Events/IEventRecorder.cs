using k8s.Models;

namespace ExternalEndpointSync.Reporting.Events;

/// <summary>
/// Records an Event about an object. Never blocks and never throws for the API's sake: the write
/// happens later, aggregated with its repeats, rate-limited per object, and only while this
/// process may write (the leader under <c>run</c>).
/// </summary>
public interface IEventRecorder
{
    /// <param name="regarding">The object the Event is about; a Service's uid is looked up when not given.</param>
    /// <param name="reason">One of <see cref="EventReasons"/>.</param>
    /// <param name="note">What happened, for a person; cut to 1 kB.</param>
    void Record(V1ObjectReference regarding, EventReason reason, string note);
}
