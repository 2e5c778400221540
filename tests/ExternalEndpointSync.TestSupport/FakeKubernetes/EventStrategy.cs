using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// core/v1 Event: the legacy event validation the API server applies to core/v1 requests
/// (<see cref="EventValidation.Legacy"/>), on create and update alike.
/// </summary>
internal sealed class EventStrategy : ResourceStrategy
{
    public override IReadOnlyList<string> ValidateName(string name, bool prefix) => NameRules.Check(NameRules.Dns1123Subdomain, name, prefix);

    public override IReadOnlyList<TableColumn> PrintColumns { get; } =
    [
        new("Type", "The type of the event.", o => o.StringOrNull("type") ?? string.Empty),
        new("Reason", "The reason of the event.", o => o.StringOrNull("reason") ?? string.Empty),
        new("Object", "The object the event is about.", o => $"{o.ObjectOrNull("involvedObject").StringOrNull("kind")?.ToLowerInvariant()}/{o.ObjectOrNull("involvedObject").StringOrNull("name")}"),
        new("Message", "The message of the event.", o => o.StringOrNull("message") ?? string.Empty),
    ];

    public override IEnumerable<FieldError> Validate(JsonObject obj) => EventValidation.Legacy(obj);
}
