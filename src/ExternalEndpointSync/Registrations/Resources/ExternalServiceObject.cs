using System.Text.Json;
using System.Text.Json.Serialization;
using ExternalEndpointSync.Model;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Registrations.Resources;

/// <summary>
/// An <c>ExternalService</c> as the API server serves it. The spec stays JSON: it is parsed by
/// the same parser as the config file's entries (<see cref="ExternalServiceSpecParser"/>), never by a serializer.
/// </summary>
public sealed class ExternalServiceObject : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ExternalServiceKind.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = ExternalServiceKind.Kind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public JsonElement? Spec { get; set; }

    [JsonPropertyName("status")]
    public ExternalServiceStatus? Status { get; set; }

    /// <summary>The Service it registers: its own name in its own namespace.</summary>
    [JsonIgnore]
    public ServiceKey Key => new(Metadata.NamespaceProperty ?? "", Metadata.Name ?? "");

    [JsonIgnore]
    public ResourceOrigin Origin => new(Metadata.NamespaceProperty ?? "", Metadata.Name ?? "", Metadata.Uid ?? "", Metadata.Generation ?? 0);
}
