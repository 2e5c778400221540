using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>A patch as read from the request: its media type, body and the paths of repeated keys in it.</summary>
internal sealed record PatchBody(string MediaType, JsonNode? Body, IReadOnlyList<string> Duplicates);
