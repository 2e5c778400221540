using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// A custom resource to serve, as a CustomResourceDefinition would declare it (one served version).
/// <see cref="Schema"/> prunes and validates as apiextensions does; <see cref="Validate"/> adds
/// checks of its own (a stand-in for CEL rules; 422 with the returned errors).
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

    public IReadOnlyList<string> Categories { get; init; } = [];

    public bool HasStatusSubresource { get; init; } = true;

    public Func<JsonObject, IEnumerable<FieldError>>? Validate { get; init; }

    /// <summary>The version's openAPIV3Schema; null serves the objects unpruned and unchecked.</summary>
    public JsonObject? Schema { get; init; }

    /// <summary>The version's additionalPrinterColumns (name, type, jsonPath, description, priority).</summary>
    public IReadOnlyList<JsonObject> PrinterColumns { get; init; } = [];
}
