using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Registrations.Resources;

/// <summary>A list of <see cref="ExternalServiceObject"/>s, as a list call answers.</summary>
public sealed class ExternalServiceObjectList : IKubernetesObject<V1ListMeta>, IItems<ExternalServiceObject>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<ExternalServiceObject> Items { get; set; } = [];
}
