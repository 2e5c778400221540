using System.Text.Json.Nodes;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// Describes one API resource the fake serves. Storage, list, watch and the request pipeline are
/// generic; everything resource-specific lives in <see cref="Strategy"/> and the flags here.
/// </summary>
public sealed record ResourceDefinition
{
    public required string Group { get; init; }
    public required string Version { get; init; }
    public required string Plural { get; init; }
    public required string Singular { get; init; }
    public required string Kind { get; init; }
    public required bool Namespaced { get; init; }
    public required ResourceStrategy Strategy { get; init; }
    public IReadOnlyList<string> ShortNames { get; init; } = [];

    /// <summary>Discovery categories (<c>kubectl get all</c>); only custom resources declare them here.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>PUT to a missing object creates it (Service, Endpoints, Lease, Event) instead of answering 404.</summary>
    public bool AllowCreateOnUpdate { get; init; }

    /// <summary>PUT without metadata.resourceVersion is accepted (last write wins) instead of answering 422.</summary>
    public bool AllowUnconditionalUpdate { get; init; } = true;

    /// <summary>The server owns metadata.generation: 1 on create, +1 whenever anything outside metadata changes.</summary>
    public bool ManagesGeneration { get; init; }

    /// <summary>DELETE answers with the deleted object (Service) rather than a Success Status.</summary>
    public bool ReturnDeletedObject { get; init; }

    /// <summary>Text of a <c>Warning: 299</c> header sent on every request for this resource.</summary>
    public string? DeprecationWarning { get; init; }

    /// <summary>Field selector labels beyond metadata.name and metadata.namespace.</summary>
    public IReadOnlyList<string> ExtraFieldSelectors { get; init; } = [];

    /// <summary>Lists merged by key under strategic merge patch, by JSON path ("spec.ports" → "port").</summary>
    public IReadOnlyDictionary<string, string> StrategicMergeKeys { get; init; } = new Dictionary<string, string>();

    /// <summary>The resource has a /status subresource: the main resource ignores status, /status changes only status.</summary>
    public bool HasStatusSubresource { get; init; }

    /// <summary>List items keep kind and apiVersion (custom resources); built-in typed lists drop them.</summary>
    public bool ListItemsCarryKind { get; init; }

    /// <summary>Served over another resource's storage (events.k8s.io/v1 Events over core/v1); null for its own storage.</summary>
    public StoredVersion? StoredAs { get; init; }

    /// <summary>The resource whose storage holds this one's objects: itself unless <see cref="StoredAs"/> says otherwise.</summary>
    public ResourceDefinition StorageDefinition => StoredAs?.Storage ?? this;

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string ListKind => Kind + "List";

    /// <summary><c>services</c> or <c>endpointslices.discovery.k8s.io</c>, as Kubernetes names a resource in messages.</summary>
    public string QualifiedResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary><c>Service</c> or <c>EndpointSlice.discovery.k8s.io</c>, as Kubernetes names a kind in 422 messages.</summary>
    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    public bool SupportsStrategicMerge => Strategy.SupportsStrategicMerge;

    /// <summary>A stored object in this resource's form.</summary>
    public JsonObject FromStorage(JsonObject stored) => StoredAs is { } view ? view.FromStorage(stored) : stored;

    /// <summary>An object of this resource in its storage's form.</summary>
    public JsonObject ToStorage(JsonObject obj) => StoredAs is { } view ? view.ToStorage(obj) : obj;
}
