namespace ExternalEndpointSync.TestSupport.FakeKubernetes.Fields;

/// <summary>events.k8s.io/v1 Event (k8s.io/api events/v1 types.go: Event, EventSeries).</summary>
internal static class EventsV1Fields
{
    public static readonly string[] Paths =
    [
        "eventTime", "series.count", "series.lastObservedTime", "reportingController", "reportingInstance", "action", "reason",
        .. ObjectMetaFields.ObjectReference("regarding"), .. ObjectMetaFields.ObjectReference("related"), "note", "type",
        "deprecatedSource.component", "deprecatedSource.host", "deprecatedFirstTimestamp", "deprecatedLastTimestamp", "deprecatedCount",
    ];
}
