using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// events.k8s.io/v1 Event ↔ core/v1 Event (pkg/apis/events/v1/conversion.go): regarding ↔
/// involvedObject, note ↔ message, reportingController ↔ reportingComponent, deprecatedSource ↔
/// source, deprecatedFirstTimestamp/LastTimestamp/Count ↔ firstTimestamp/lastTimestamp/count;
/// everything else keeps its name. Fields are emitted as Go's encoding/json writes the typed
/// structs: struct-valued fields always (zero times as null), omitempty scalars only when set.
/// </summary>
internal static class EventsV1Conversion
{
    private static readonly (string EventsV1, string Core)[] Renamed =
    [
        ("regarding", "involvedObject"), ("note", "message"), ("reportingController", "reportingComponent"),
        ("deprecatedSource", "source"), ("deprecatedFirstTimestamp", "firstTimestamp"),
        ("deprecatedLastTimestamp", "lastTimestamp"), ("deprecatedCount", "count"),
    ];

    private static readonly string[] Shared = ["metadata", "eventTime", "series", "action", "reason", "related", "reportingInstance", "type"];

    public static JsonObject ToCore(JsonObject eventsV1)
    {
        var core = Copy(eventsV1, "v1", Renamed.Select(r => (r.EventsV1, r.Core)));
        core.TryAdd("involvedObject", new JsonObject());
        core.TryAdd("source", new JsonObject());
        core.TryAdd("firstTimestamp", null);
        core.TryAdd("lastTimestamp", null);
        core.TryAdd("eventTime", null);
        // core/v1 declares these two without omitempty.
        core.TryAdd("reportingComponent", string.Empty);
        core.TryAdd("reportingInstance", string.Empty);
        return core;
    }

    public static JsonObject FromCore(JsonObject core)
    {
        var eventsV1 = Copy(core, "events.k8s.io/v1", Renamed.Select(r => (r.Core, r.EventsV1)));
        eventsV1.TryAdd("regarding", new JsonObject());
        eventsV1.TryAdd("deprecatedSource", new JsonObject());
        eventsV1.TryAdd("deprecatedFirstTimestamp", null);
        eventsV1.TryAdd("deprecatedLastTimestamp", null);
        eventsV1.TryAdd("eventTime", null);
        foreach (var omitEmpty in new[] { "reportingController", "reportingInstance" })
        {
            if (eventsV1.StringOrNull(omitEmpty) is "")
            {
                eventsV1.Remove(omitEmpty);
            }
        }

        return eventsV1;
    }

    private static JsonObject Copy(JsonObject from, string apiVersion, IEnumerable<(string From, string To)> renamed)
    {
        var to = new JsonObject { ["kind"] = "Event", ["apiVersion"] = apiVersion };
        foreach (var field in Shared)
        {
            if (from.TryGetPropertyValue(field, out var value))
            {
                to[field] = value?.DeepClone();
            }
        }

        foreach (var (source, target) in renamed)
        {
            if (from.TryGetPropertyValue(source, out var value) && !(value is JsonValue v && v.TryGetValue(out long number) && number == 0))
            {
                to[target] = value?.DeepClone();
            }
        }

        return to;
    }
}
