using ExternalEndpointSync.TestSupport.Deploy;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Tests.Deploy;

/// <summary>One overlay of deploy/overlays as <c>kubectl kustomize</c> renders it, read into the client's typed objects.</summary>
public sealed record RenderedOverlay(string Name, string Yaml, IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Objects)
{
    /// <summary>The namespace every namespaced object of deploy/ lives in.</summary>
    public const string Namespace = "external-endpoint-sync";

    /// <summary>The ConfigMap kustomize generates; its name gets a hash suffix of the contents.</summary>
    public const string ConfigMapName = "external-endpoint-sync";

    /// <summary>The kinds the fake API server does not serve, checked by <see cref="OverlayStructureTests"/> instead.</summary>
    public static IReadOnlySet<string> KindsCheckedStructurally { get; } = new HashSet<string>(
        ["ServiceAccount", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ConfigMap", "Deployment", "PodDisruptionBudget", "CronJob", "CustomResourceDefinition"],
        StringComparer.Ordinal);

    public static TheoryData<string> Names => [.. DeployManifests.Overlays];

    public static RenderedOverlay Render(string name)
    {
        var yaml = DeployManifests.RenderOverlay(name);
        return new RenderedOverlay(name, yaml, [.. KubernetesYaml.LoadAllFromString(yaml).Cast<IKubernetesObject<V1ObjectMeta>>()]);
    }

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    /// <summary>Every pod template (Deployment, CronJob) with the object it belongs to.</summary>
    public IEnumerable<(IKubernetesObject<V1ObjectMeta> Owner, V1PodTemplateSpec Template)> PodTemplates =>
        All<V1Deployment>().Select(static d => ((IKubernetesObject<V1ObjectMeta>)d, d.Spec.Template))
            .Concat(All<V1CronJob>().Select(static c => ((IKubernetesObject<V1ObjectMeta>)c, c.Spec.JobTemplate.Spec.Template)));

    public static string Describe(IKubernetesObject<V1ObjectMeta> obj) =>
        $"{obj.Kind} {(obj.Metadata.NamespaceProperty is { } ns ? ns + "/" : "")}{obj.Metadata.Name}";
}
