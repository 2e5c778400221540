using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// A custom resource to serve, as a CustomResourceDefinition would declare it. <see cref="Validate"/>
/// stands in for the OpenAPI schema and CEL rules (422 with the returned errors).
/// </summary>
public sealed record CustomResourceType
{
    public required string Group { get; init; }

    public required string Version { get; init; }

    public required string Plural { get; init; }

    public required string Kind { get; init; }

    public string? Singular { get; init; }

    public bool Namespaced { get; init; } = true;

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public bool HasStatusSubresource { get; init; } = true;

    public Func<JsonObject, IEnumerable<FieldError>>? Validate { get; init; }
}
