using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>The answer to a successful write: HTTP code, body and warnings.</summary>
internal sealed record WriteOutcome(int StatusCode, JsonObject Object, IReadOnlyList<string> Warnings);
