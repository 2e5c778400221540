using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// pkg/apis/core/validation/events.go on the stored (core/v1) form of an Event, whichever API wrote
/// it. Every write passes the legacy rules; a write through events.k8s.io/v1 also passes the strict
/// ones (ValidateEventCreate / ValidateEventUpdate with that request version). Field paths are the
/// internal type's, so <c>reportingController</c> where core/v1 JSON says <c>reportingComponent</c>.
/// </summary>
internal static class EventValidation
{
    private const int ShortLimit = 128;
    private const int NoteLimit = 1024;

    private static readonly (string Path, string CoreField)[] ImmutableOnStrictUpdate =
    [
        ("involvedObject", "involvedObject"), ("reason", "reason"), ("message", "message"), ("source", "source"),
        ("firstTimestamp", "firstTimestamp"), ("lastTimestamp", "lastTimestamp"), ("count", "count"), ("type", "type"),
        ("eventTime", "eventTime"), ("action", "action"), ("related", "related"),
        ("reportingController", "reportingComponent"), ("reportingInstance", "reportingInstance"),
    ];

    public static IEnumerable<FieldError> Legacy(JsonObject core)
    {
        var ns = core.Namespace();
        var involvedNamespace = core.ObjectOrNull("involvedObject").StringOrNull("namespace") ?? string.Empty;
        var hasEventTime = !string.IsNullOrEmpty(core.StringOrNull("eventTime"));
        var mismatch = !hasEventTime
            ? (involvedNamespace.Length == 0 ? ns is not ("" or "default") : ns != involvedNamespace)
            : involvedNamespace.Length == 0 && ns is not ("default" or "kube-system");
        if (mismatch)
        {
            yield return FieldError.Invalid("involvedObject.namespace", JsonValue.Create(involvedNamespace), "does not match event.namespace");
        }

        if (!hasEventTime)
        {
            yield break;
        }

        var reportingController = core.StringOrNull("reportingComponent") ?? string.Empty;
        if (reportingController.Length == 0)
        {
            yield return FieldError.Required("reportingController");
        }

        // Go appends the qualified-name errors even to the Required one.
        foreach (var error in NameRules.Field(NameRules.QualifiedName, "reportingController", reportingController))
        {
            yield return error;
        }

        foreach (var field in new[] { "reportingInstance", "action", "reason" })
        {
            var value = core.StringOrNull(field) ?? string.Empty;
            if (value.Length == 0)
            {
                yield return FieldError.Required(field);
            }
            else if (value.Length > ShortLimit)
            {
                yield return FieldError.Invalid(field, JsonValue.Create(string.Empty), $"can have at most {ShortLimit} characters");
            }
        }

        if ((core.StringOrNull("message") ?? string.Empty).Length > NoteLimit)
        {
            yield return FieldError.Invalid("message", JsonValue.Create(string.Empty), $"can have at most {NoteLimit} characters");
        }
    }

    public static IEnumerable<FieldError> StrictCreate(JsonObject core)
    {
        var errors = Legacy(core).Concat(Series(core)).ToList();
        if (string.IsNullOrEmpty(core.StringOrNull("eventTime")))
        {
            errors.Add(FieldError.Required("eventTime"));
        }

        if (core.StringOrNull("type") is not ("Normal" or "Warning"))
        {
            errors.Add(FieldError.Invalid("type", JsonValue.Create(string.Empty), $"has invalid value: {core.StringOrNull("type")}"));
        }

        foreach (var timestamp in new[] { "firstTimestamp", "lastTimestamp" })
        {
            if (!string.IsNullOrEmpty(core.StringOrNull(timestamp)))
            {
                errors.Add(FieldError.Invalid(timestamp, JsonValue.Create(string.Empty), "needs to be unset"));
            }
        }

        if (core.IntegerOrNull("count") is not (null or 0))
        {
            errors.Add(FieldError.Invalid("count", JsonValue.Create(string.Empty), "needs to be unset"));
        }

        var source = core.ObjectOrNull("source");
        if (!string.IsNullOrEmpty(source.StringOrNull("component")) || !string.IsNullOrEmpty(source.StringOrNull("host")))
        {
            errors.Add(FieldError.Invalid("source", JsonValue.Create(string.Empty), "needs to be unset"));
        }

        return errors;
    }

    public static IEnumerable<FieldError> StrictUpdate(JsonObject core, JsonObject oldCore)
    {
        var errors = Legacy(core).ToList();
        if (!JsonNode.DeepEquals(core["series"], oldCore["series"]))
        {
            errors.AddRange(Series(core));
        }

        foreach (var (path, field) in ImmutableOnStrictUpdate)
        {
            if (!JsonNode.DeepEquals(Normalized(core[field]), Normalized(oldCore[field])))
            {
                errors.Add(FieldError.Invalid(path, core[field], "field is immutable"));
            }
        }

        return errors;
    }

    private static IEnumerable<FieldError> Series(JsonObject core)
    {
        if (core.ObjectOrNull("series") is not { } series)
        {
            yield break;
        }

        if ((series.IntegerOrNull("count") ?? 0) < 2)
        {
            yield return FieldError.Invalid("series.count", JsonValue.Create(string.Empty), "should be at least 2");
        }

        if (string.IsNullOrEmpty(series.StringOrNull("lastObservedTime")))
        {
            yield return FieldError.Required("series.lastObservedTime");
        }
    }

    /// <summary>Absent, null, empty and zero are one value to a Go struct.</summary>
    private static JsonNode? Normalized(JsonNode? node) => node switch
    {
        JsonObject { Count: 0 } => null,
        JsonValue v when v.TryGetValue(out string? s) && s.Length == 0 => null,
        JsonValue v when v.TryGetValue(out long n) && n == 0 => null,
        _ => node,
    };
}
