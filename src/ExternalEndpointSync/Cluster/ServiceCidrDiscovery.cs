using ExternalEndpointSync.Applier;
using k8s;

namespace ExternalEndpointSync.Cluster;

/// <summary>
/// Whether the cluster serves networking.k8s.io/v1 ServiceCIDRs (Kubernetes 1.33 on), asked of its
/// discovery document once, because an informer of an unserved resource would retry its 404 for
/// ever. A server that does not serve the group version at all answers 404 (kube-apiserver's
/// not-found handler); one that serves it without ServiceCIDRs (before 1.33: Ingresses,
/// NetworkPolicies, IngressClasses) lists no <c>servicecidrs</c>, or one that cannot be listed and watched.
/// </summary>
public static class ServiceCidrDiscovery
{
    public const string Resource = "servicecidrs";

    /// <summary>Throws what the discovery request threw, except the 404 that means "not served".</summary>
    public static async Task<bool> IsServedAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            var resources = await client.NetworkingV1.GetAPIResourcesAsync(cancellationToken);
            return (resources?.Resources ?? []).Any(static r =>
                r.Name == Resource && r.Verbs is { } verbs && verbs.Contains("list") && verbs.Contains("watch"));
        }
        catch (Exception e) when (KubernetesErrors.IsNotFound(e))
        {
            return false;
        }
    }
}
