using System.Text.Json.Serialization;

namespace ExternalEndpointSync.Sources.Consul;

/// <summary>Source-generated serializers for the Consul answers the client reads.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(IReadOnlyList<ConsulServiceEntry>))]
public sealed partial class ConsulJsonContext : JsonSerializerContext;
