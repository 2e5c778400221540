using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// events.k8s.io/v1 Event: validated in its stored core/v1 form with the strict rules of that
/// request version (<see cref="EventValidation.StrictCreate"/>, <see cref="EventValidation.StrictUpdate"/>).
/// </summary>
internal sealed class EventsV1Strategy : ResourceStrategy
{
    public override IReadOnlyList<string> ValidateName(string name, bool prefix) => NameRules.Check(NameRules.Dns1123Subdomain, name, prefix);

    public override IReadOnlyList<TableColumn> PrintColumns { get; } =
    [
        new("Type", "The type of the event.", o => o.StringOrNull("type") ?? string.Empty),
        new("Reason", "The reason of the event.", o => o.StringOrNull("reason") ?? string.Empty),
        new("Object", "The object the event is about.", o => $"{o.ObjectOrNull("regarding").StringOrNull("kind")?.ToLowerInvariant()}/{o.ObjectOrNull("regarding").StringOrNull("name")}"),
        new("Message", "The message of the event.", o => o.StringOrNull("note") ?? string.Empty),
    ];

    public override IEnumerable<FieldError> Validate(JsonObject obj) => EventValidation.StrictCreate(EventsV1Conversion.ToCore(obj));

    public override IEnumerable<FieldError> ValidateUpdate(JsonObject obj, JsonObject old) =>
        EventValidation.StrictUpdate(EventsV1Conversion.ToCore(obj), EventsV1Conversion.ToCore(old));
}
