using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Planning;

/// <summary>What the object builders of one registration need to know.</summary>
internal sealed record ServiceContext(ExternalServiceSpec Spec, string OwnerId)
{
    public string Name => Spec.Name;

    public string Namespace => Spec.Namespace;

    /// <summary>The labels of one of this registration's objects: <paramref name="others"/> and ours on top.</summary>
    public IReadOnlyDictionary<string, string> LabelsWith(IEnumerable<KeyValuePair<string, string>> others) => OwnershipLabels.On(OwnerId, others);
}
