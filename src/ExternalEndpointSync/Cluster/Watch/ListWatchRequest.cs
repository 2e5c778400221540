namespace ExternalEndpointSync.Cluster.Watch;

/// <summary>
/// The query parameters of one list page or one watch of a <see cref="ListWatch{T}"/>: the kind's
/// own selection (<see cref="LabelSelector"/>, <see cref="Namespace"/>; null namespace is every
/// namespace) and what the informer asks for this time.
/// </summary>
public sealed record ListWatchRequest
{
    public string? Namespace { get; init; }

    public string? LabelSelector { get; init; }

    public bool Watch { get; init; }

    /// <summary>A list's page size; null on a watch.</summary>
    public int? Limit { get; init; }

    public string? Continue { get; init; }

    /// <summary>A watch starts after this version; null on a list (the newest state, read from etcd).</summary>
    public string? ResourceVersion { get; init; }

    public bool AllowWatchBookmarks { get; init; }

    /// <summary>The server ends a watch after this long, so that a silently broken connection cannot hang it forever.</summary>
    public int? TimeoutSeconds { get; init; }
}
