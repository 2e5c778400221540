namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>The kinds that deploy/ installs, served so that its manifests go through the API rules.</summary>
internal static class DeployableResources
{
    public static IReadOnlyList<ResourceDefinition> All() =>
    [
        new()
        {
            Group = string.Empty, Version = "v1", Plural = "configmaps", Singular = "configmap", Kind = "ConfigMap",
            Namespaced = true, ShortNames = ["cm"], Strategy = new ConfigMapStrategy(),
        },
        new()
        {
            Group = string.Empty, Version = "v1", Plural = "serviceaccounts", Singular = "serviceaccount", Kind = "ServiceAccount",
            Namespaced = true, ShortNames = ["sa"], Strategy = new SimpleNamedStrategy(NameRules.Dns1123Subdomain),
        },
        Rbac("roles", "role", "Role", namespaced: true, new RoleStrategy(clusterScoped: false)),
        Rbac("rolebindings", "rolebinding", "RoleBinding", namespaced: true, new RoleBindingStrategy(clusterScoped: false)),
        Rbac("clusterroles", "clusterrole", "ClusterRole", namespaced: false, new RoleStrategy(clusterScoped: true)),
        Rbac("clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", namespaced: false, new RoleBindingStrategy(clusterScoped: true)),
        new()
        {
            Group = "apps", Version = "v1", Plural = "deployments", Singular = "deployment", Kind = "Deployment",
            Namespaced = true, ShortNames = ["deploy"], Strategy = new DeploymentStrategy(), ManagesGeneration = true, HasStatusSubresource = true,
        },
        new()
        {
            Group = "batch", Version = "v1", Plural = "cronjobs", Singular = "cronjob", Kind = "CronJob",
            Namespaced = true, ShortNames = ["cj"], Strategy = new CronJobStrategy(), ManagesGeneration = true, HasStatusSubresource = true,
        },
        new()
        {
            Group = "policy", Version = "v1", Plural = "poddisruptionbudgets", Singular = "poddisruptionbudget", Kind = "PodDisruptionBudget",
            Namespaced = true, ShortNames = ["pdb"], Strategy = new PodDisruptionBudgetStrategy(), ManagesGeneration = true, HasStatusSubresource = true,
        },
        new()
        {
            Group = "apiextensions.k8s.io", Version = "v1", Plural = "customresourcedefinitions", Singular = "customresourcedefinition",
            Kind = "CustomResourceDefinition", Namespaced = false, ShortNames = ["crd", "crds"], Strategy = new CustomResourceDefinitionStrategy(),
            ManagesGeneration = true, HasStatusSubresource = true,
        },
    ];

    private static ResourceDefinition Rbac(string plural, string singular, string kind, bool namespaced, ResourceStrategy strategy) => new()
    {
        Group = "rbac.authorization.k8s.io", Version = "v1", Plural = plural, Singular = singular, Kind = kind,
        Namespaced = namespaced, Strategy = strategy,
    };
}
