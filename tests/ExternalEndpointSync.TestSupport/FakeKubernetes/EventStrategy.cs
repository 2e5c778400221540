using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// core/v1 Event: the legacy event validation the API server applies to core/v1 requests. The event's
/// namespace must match involvedObject.namespace; an event with eventTime set must also name its
/// reportingComponent, reportingInstance, action and reason (each at most 128 characters) and keep the
/// message within 1024 characters.
/// </summary>
internal sealed class EventStrategy : ResourceStrategy
{
    private const int ShortLimit = 128;
    private const int MessageLimit = 1024;

    public override IReadOnlyList<string> ValidateName(string name, bool prefix) => NameRules.Check(NameRules.Dns1123Subdomain, name, prefix);

    public override IReadOnlyList<TableColumn> PrintColumns { get; } =
    [
        new("Type", "The type of the event.", o => o.StringOrNull("type") ?? string.Empty),
        new("Reason", "The reason of the event.", o => o.StringOrNull("reason") ?? string.Empty),
        new("Object", "The object the event is about.", o => $"{o.ObjectOrNull("involvedObject").StringOrNull("kind")?.ToLowerInvariant()}/{o.ObjectOrNull("involvedObject").StringOrNull("name")}"),
        new("Message", "The message of the event.", o => o.StringOrNull("message") ?? string.Empty),
    ];

    public override IEnumerable<FieldError> Validate(JsonObject obj)
    {
        var ns = obj.Namespace();
        var involvedNamespace = obj.ObjectOrNull("involvedObject").StringOrNull("namespace") ?? string.Empty;
        var mismatch = string.IsNullOrEmpty(obj.StringOrNull("eventTime"))
            ? (involvedNamespace.Length == 0 ? ns is not ("" or "default") : ns != involvedNamespace)
            : involvedNamespace.Length == 0 && ns is not ("default" or "kube-system");
        if (mismatch)
        {
            yield return FieldError.Invalid("involvedObject.namespace", JsonValue.Create(involvedNamespace), "does not match event.namespace");
        }

        if (string.IsNullOrEmpty(obj.StringOrNull("eventTime")))
        {
            yield break;
        }

        var reportingComponent = obj.StringOrNull("reportingComponent") ?? string.Empty;
        if (reportingComponent.Length == 0)
        {
            yield return FieldError.Required("reportingComponent");
        }
        else
        {
            foreach (var error in NameRules.Field(NameRules.QualifiedName, "reportingComponent", reportingComponent))
            {
                yield return error;
            }
        }

        foreach (var field in new[] { "reportingInstance", "action", "reason" })
        {
            var value = obj.StringOrNull(field) ?? string.Empty;
            if (value.Length == 0)
            {
                yield return FieldError.Required(field);
            }
            else if (value.Length > ShortLimit)
            {
                yield return FieldError.Invalid(field, JsonValue.Create(string.Empty), $"can have at most {ShortLimit} characters");
            }
        }

        if ((obj.StringOrNull("message") ?? string.Empty).Length > MessageLimit)
        {
            yield return FieldError.Invalid("message", JsonValue.Create(string.Empty), $"can have at most {MessageLimit} characters");
        }
    }
}
