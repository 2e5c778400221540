using ExternalEndpointSync.TestSupport.Deploy;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// The fake's RBAC mode: the Roles, ClusterRoles and bindings in the YAML stream <see cref="Manifests"/>
/// decide what <see cref="ServiceAccountNamespace"/>/<see cref="ServiceAccountName"/> may do.
/// A bearer token of <see cref="ServiceAccountToken"/>, or one the server issued to a pod
/// (<see cref="FakeKubernetesApiServer.PodTokens"/>), authenticates as that service account,
/// <see cref="AdminToken"/> as a cluster admin (group system:masters); any other token is 401.
/// </summary>
public sealed record RbacOptions
{
    public const string AdminToken = "fake-admin-token";

    /// <summary>Multi-document YAML; objects other than RBAC ones are ignored.</summary>
    public required string Manifests { get; init; }

    public string ServiceAccountNamespace { get; init; } = "external-endpoint-sync";

    public string ServiceAccountName { get; init; } = "external-endpoint-sync";

    public string ServiceAccountToken { get; init; } = "external-endpoint-sync-token";

    /// <summary>The repository's worker overlay (deploy/overlays/worker) as kustomize renders it: the very objects users apply.</summary>
    public static RbacOptions ForRepository() => new() { Manifests = DeployManifests.RenderOverlay("worker") };

    /// <summary>The worker overlay and the crd overlay (which adds the worker's rights on ExternalServices), as a cluster that turned them on has both.</summary>
    public static RbacOptions ForRepositoryWithExternalServices() =>
        new() { Manifests = $"{DeployManifests.RenderOverlay("worker")}\n---\n{DeployManifests.RenderOverlay("crd")}" };
}
