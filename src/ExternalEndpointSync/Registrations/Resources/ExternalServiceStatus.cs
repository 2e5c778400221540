using System.Text.Json.Serialization;
using k8s.Models;

namespace ExternalEndpointSync.Registrations.Resources;

/// <summary>The <c>status</c> of an ExternalService (deploy/crd/externalservices.yaml), written only by the worker.</summary>
public sealed record ExternalServiceStatus
{
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; init; }

    [JsonPropertyName("conditions")]
    public IList<V1Condition>? Conditions { get; init; }

    [JsonPropertyName("endpoints")]
    public EndpointCounts? Endpoints { get; init; }

    [JsonPropertyName("service")]
    public string? Service { get; init; }

    [JsonPropertyName("source")]
    public string? Source { get; init; }

    [JsonPropertyName("refusedAddresses")]
    public IList<RefusedAddressStatus>? RefusedAddresses { get; init; }
}

/// <summary>How many endpoints the Service has: ready, not ready, and both.</summary>
public sealed record EndpointCounts
{
    [JsonPropertyName("ready")]
    public int Ready { get; init; }

    [JsonPropertyName("notReady")]
    public int NotReady { get; init; }

    [JsonPropertyName("total")]
    public int Total { get; init; }
}

/// <summary>An address the source gave that was not published, and why, as the status shows it.</summary>
public sealed record RefusedAddressStatus
{
    [JsonPropertyName("address")]
    public required string Address { get; init; }

    [JsonPropertyName("reason")]
    public required string Reason { get; init; }
}
