using k8s.Models;

namespace ExternalEndpointSync.Model;

/// <summary>
/// The <c>ExternalService</c> custom resource's identity (deploy/crd/externalservices.yaml), and
/// the controller ownerReference every object written for one carries, so that deleting it lets
/// the garbage collector delete them even while the worker is down.
/// </summary>
public static class ExternalServiceKind
{
    public const string Group = "externalendpoints.io";
    public const string Version = "v1alpha1";
    public const string ApiVersion = $"{Group}/{Version}";
    public const string Kind = "ExternalService";
    public const string Plural = "externalservices";

    /// <summary>The ownerReferences of an object written for the registration from <paramref name="origin"/>: one for a custom resource, none otherwise.</summary>
    public static IReadOnlyList<V1OwnerReference> OwnerReferences(RegistrationOrigin origin) => origin is ResourceOrigin resource
        ?
        [
            new V1OwnerReference
            {
                ApiVersion = ApiVersion,
                Kind = Kind,
                Name = resource.Name,
                Uid = resource.Uid,
                Controller = true,
                BlockOwnerDeletion = true,
            },
        ]
        : [];

    /// <summary>True for a reference to an ExternalService: one of ours, replaced on every write.</summary>
    public static bool IsReferenceToOne(V1OwnerReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return reference.Kind == Kind && reference.ApiVersion == ApiVersion;
    }
}
