using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// One successful write as the audit log of a real API server would show it: its place in the
/// order the store applied writes (<see cref="Sequence"/>), when, by whom (<see cref="RequestClient"/>),
/// what, and the object as stored (for a delete: the answer).
/// </summary>
public sealed record LoggedWrite(
    long Sequence, DateTimeOffset At, string Client, string Verb, string Resource, string? Namespace, string? Name, JsonObject Object);
