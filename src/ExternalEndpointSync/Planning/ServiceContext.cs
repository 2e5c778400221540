using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Planning;

/// <summary>What the object builders of one registration need to know.</summary>
internal sealed record ServiceContext(ExternalServiceSpec Spec, string OwnerId)
{
    public string Name => Spec.Name;

    public string Namespace => Spec.Namespace;

    /// <summary>The two labels that mark an object as ours, on every object we write.</summary>
    public IReadOnlyDictionary<string, string> OwnershipLabels { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Model.OwnershipLabels.ManagedByKey] = Model.OwnershipLabels.ManagedByValue,
        [Model.OwnershipLabels.OwnerKey] = OwnerId,
    };
}
