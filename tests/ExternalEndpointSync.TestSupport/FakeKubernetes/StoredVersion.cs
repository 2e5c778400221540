using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// A resource served over another resource's storage, as the API server serves events.k8s.io/v1
/// Events from the core Event storage (cohabitating resources): objects are stored in
/// <paramref name="Storage"/>'s form and converted on every way in and out, so both APIs see one object.
/// </summary>
public sealed record StoredVersion(ResourceDefinition Storage, Func<JsonObject, JsonObject> ToStorage, Func<JsonObject, JsonObject> FromStorage);
