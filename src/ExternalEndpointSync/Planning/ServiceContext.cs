using ExternalEndpointSync.Model;
using k8s.Models;

namespace ExternalEndpointSync.Planning;

/// <summary>What the object builders of one registration need to know.</summary>
internal sealed record ServiceContext(ExternalServiceSpec Spec, string OwnerId)
{
    public string Name => Spec.Name;

    public string Namespace => Spec.Namespace;

    /// <summary>The labels of one of this registration's objects: <paramref name="others"/> and ours on top.</summary>
    public IReadOnlyDictionary<string, string> LabelsWith(IEnumerable<KeyValuePair<string, string>> others) => OwnershipLabels.On(OwnerId, others);

    /// <summary>The controller reference to the custom resource that registered this Service; none for the config file.</summary>
    public IReadOnlyList<V1OwnerReference> Owners { get; } = ExternalServiceKind.OwnerReferences(Spec.Origin);

    /// <summary>The metadata of an object named after the registration; no annotations means no field.</summary>
    public V1ObjectMeta NamedMetadata(IReadOnlyDictionary<string, string> labels, IEnumerable<KeyValuePair<string, string>> annotations) => new()
    {
        Name = Name,
        NamespaceProperty = Namespace,
        Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal),
        Annotations = ObjectMetadata.Merge(annotations, null),
        OwnerReferences = ObjectMetadata.MergeOwners(null, Owners),
    };
}
