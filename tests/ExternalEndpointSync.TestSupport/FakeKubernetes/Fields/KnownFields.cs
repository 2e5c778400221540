namespace ExternalEndpointSync.TestSupport.FakeKubernetes.Fields;

/// <summary>The declared fields of each built-in kind the fake serves; custom resources have only <see cref="ObjectMeta"/> here (their schema prunes the rest).</summary>
internal static class KnownFields
{
    private static readonly Dictionary<(string Group, string Kind), FieldTree> ByKind = new()
    {
        [(string.Empty, "Namespace")] = Tree(NamespaceFields.Paths),
        [(string.Empty, "Service")] = Tree(ServiceFields.Paths),
        [(string.Empty, "Endpoints")] = Tree(EndpointsFields.Paths),
        [("discovery.k8s.io", "EndpointSlice")] = Tree(EndpointSliceFields.Paths),
        [("coordination.k8s.io", "Lease")] = Tree(LeaseFields.Paths),
        [(string.Empty, "Event")] = Tree(EventFields.Paths),
        [("events.k8s.io", "Event")] = Tree(EventsV1Fields.Paths),
    };

    /// <summary>ObjectMeta alone, below <c>metadata</c>: what a custom resource's metadata is decoded into.</summary>
    public static FieldTree ObjectMeta { get; } = FieldTree.From(ObjectMetaFields.Paths
        .Where(p => p.StartsWith("metadata.", StringComparison.Ordinal))
        .Select(p => p["metadata.".Length..]));

    /// <summary>The tree of a built-in kind, or null for kinds the fake does not decode into a Go type.</summary>
    public static FieldTree? For(ResourceDefinition definition) =>
        ByKind.GetValueOrDefault((definition.Group, definition.Kind));

    private static FieldTree Tree(IEnumerable<string> paths) => FieldTree.From(ObjectMetaFields.Paths.Concat(paths));
}
