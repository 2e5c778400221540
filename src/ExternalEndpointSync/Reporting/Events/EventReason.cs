namespace ExternalEndpointSync.Reporting.Events;

/// <summary>
/// One kind of Event we write: its <c>reason</c>, its <c>type</c> (<c>Normal</c> or <c>Warning</c>)
/// and the <c>action</c> we were taking when it happened. All of them are in <see cref="EventReasons"/>.
/// </summary>
public sealed record EventReason(string Reason, string Type, string Action);
