namespace ExternalEndpointSync.TestSupport.FakeKubernetes.Fields;

/// <summary>core/v1 Event (k8s.io/api core/v1 types.go: Event, EventSource, EventSeries).</summary>
internal static class EventFields
{
    public static readonly string[] Paths =
    [
        .. ObjectMetaFields.ObjectReference("involvedObject"), "reason", "message", "source.component", "source.host",
        "firstTimestamp", "lastTimestamp", "count", "type", "eventTime", "series.count", "series.lastObservedTime",
        "action", .. ObjectMetaFields.ObjectReference("related"), "reportingComponent", "reportingInstance",
    ];
}
