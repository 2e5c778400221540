using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>One change in the store; <see cref="Previous"/> is the state before it (null for ADDED).</summary>
internal sealed record WatchEvent(string Type, ResourceDefinition Definition, JsonObject Object, JsonObject? Previous, long ResourceVersion);
