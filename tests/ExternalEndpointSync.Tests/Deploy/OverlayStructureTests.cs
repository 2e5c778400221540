using ExternalEndpointSync.TestSupport.Deploy;
using ExternalEndpointSync.TestSupport.FakeKubernetes;
using k8s;
using k8s.Models;

namespace ExternalEndpointSync.Tests.Deploy;

/// <summary>
/// The rendered overlays checked on their structure, for every kind (the fake API server serves
/// few of them: <see cref="OverlayDryRunTests"/> sends it those): valid names and labels, the right
/// namespace, and that the image, the generated ConfigMap and the service account agree across
/// the objects of each overlay.
/// </summary>
public sealed class OverlayStructureTests
{
    // Kubernetes' own scoping of the cluster-scoped kinds deploy/ uses; everything else is namespaced.
    private static readonly HashSet<string> ClusterScoped = new(["Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition"], StringComparer.Ordinal);

    [Fact]
    public void The_overlays_are_the_worker_the_cronjob_and_the_crd() =>
        Assert.Equal(["crd", "cronjob", "worker"], DeployManifests.Overlays);

    [Theory]
    [MemberData(nameof(RenderedOverlay.Names), MemberType = typeof(RenderedOverlay))]
    public void Every_object_has_a_valid_name_its_scope_s_namespace_and_valid_labels(string overlay)
    {
        var rendered = RenderedOverlay.Render(overlay);
        Assert.NotEmpty(rendered.Objects);
        foreach (var obj in rendered.Objects)
        {
            var what = RenderedOverlay.Describe(obj);

            // RBAC names may be path segments, the others DNS subdomains: ours are all subdomains.
            Assert.True(NameRules.Dns1123Subdomain(obj.Metadata.Name) is [], $"{what}: {string.Join("; ", NameRules.Dns1123Subdomain(obj.Metadata.Name))}");
            Assert.True(
                ClusterScoped.Contains(obj.Kind) ? obj.Metadata.NamespaceProperty is null : obj.Metadata.NamespaceProperty == RenderedOverlay.Namespace,
                $"{what} is in namespace '{obj.Metadata.NamespaceProperty}'");
            var labels = obj.Metadata.Labels ?? new Dictionary<string, string>();
            Assert.True(labels.TryGetValue("app.kubernetes.io/name", out var name) && name == "external-endpoint-sync", $"{what} lacks app.kubernetes.io/name");
            foreach (var (key, value) in labels)
            {
                Assert.True(NameRules.QualifiedName(key) is [] && NameRules.LabelValue(value) is [], $"{what}: label {key}={value}");
            }
        }

        var keys = rendered.Objects.Select(static o => (o.ApiVersion, o.Kind, o.Metadata.NamespaceProperty, o.Metadata.Name)).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Theory]
    [InlineData("worker")]
    [InlineData("cronjob")]
    public void Image_configmap_and_service_account_agree_across_the_objects_of_the_overlay(string overlay)
    {
        var rendered = RenderedOverlay.Render(overlay);
        var templates = rendered.PodTemplates.ToList();
        Assert.Single(templates);
        var configMap = Assert.Single(rendered.All<V1ConfigMap>());
        var serviceAccount = Assert.Single(rendered.All<V1ServiceAccount>());

        // The generator's hash suffix: a changed configuration is a new name, which rolls the pods.
        Assert.Matches($"^{RenderedOverlay.ConfigMapName}-[a-z0-9]{{10}}$", configMap.Metadata.Name);
        Assert.Equal(["config.yaml"], configMap.Data.Keys);
        foreach (var (owner, template) in templates)
        {
            var what = RenderedOverlay.Describe(owner);
            var spec = template.Spec;
            Assert.Equal(serviceAccount.Metadata.Name, spec.ServiceAccountName);
            var container = Assert.Single(spec.Containers);
            Assert.Equal("external-endpoint-sync:latest", container.Image);
            var volume = Assert.Single(spec.Volumes, static v => v.ConfigMap is not null);
            Assert.True(volume.ConfigMap.Name == configMap.Metadata.Name, $"{what} mounts ConfigMap {volume.ConfigMap.Name}, the overlay has {configMap.Metadata.Name}");
            var mount = Assert.Single(container.VolumeMounts, m => m.Name == volume.Name);
            Assert.Equal("/etc/external-endpoint-sync", mount.MountPath);
            Assert.True(mount.ReadOnlyProperty);
            var configArgument = container.Args.IndexOf("--config");
            Assert.True(configArgument >= 0 && container.Args[configArgument + 1] == $"{mount.MountPath}/{configMap.Data.Keys.Single()}", $"{what}: {string.Join(' ', container.Args)}");

            Assert.True(spec.SecurityContext.RunAsNonRoot);
            Assert.Equal("RuntimeDefault", spec.SecurityContext.SeccompProfile.Type);
            Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
            Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
            Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
            Assert.Contains(spec.Volumes, static v => v.EmptyDir is not null && v.Name == "tmp");
            Assert.Contains(container.VolumeMounts, static m => m.Name == "tmp" && m.MountPath == "/tmp");
            Assert.True(container.Resources.Requests.ContainsKey("cpu") && container.Resources.Requests.ContainsKey("memory") && container.Resources.Limits.ContainsKey("memory"), what);
        }

        foreach (var binding in rendered.All<V1ClusterRoleBinding>())
        {
            Assert.Contains(rendered.All<V1ClusterRole>(), r => r.Metadata.Name == binding.RoleRef.Name);
            Assert.All(binding.Subjects, s => Assert.True(s.Kind == "ServiceAccount" && s.Name == serviceAccount.Metadata.Name && s.NamespaceProperty == serviceAccount.Metadata.NamespaceProperty));
        }

        foreach (var binding in rendered.All<V1RoleBinding>())
        {
            Assert.Contains(rendered.All<V1Role>(), r => r.Metadata.Name == binding.RoleRef.Name && r.Metadata.NamespaceProperty == binding.Metadata.NamespaceProperty);
            Assert.All(binding.Subjects, s => Assert.True(s.Kind == "ServiceAccount" && s.Name == serviceAccount.Metadata.Name && s.NamespaceProperty == serviceAccount.Metadata.NamespaceProperty));
        }
    }

    [Fact]
    public void The_worker_runs_two_replicas_probed_on_8080_spread_over_nodes_with_a_disruption_budget()
    {
        var rendered = RenderedOverlay.Render("worker");
        var deployment = Assert.Single(rendered.All<V1Deployment>());
        Assert.Equal(2, deployment.Spec.Replicas);
        var podLabels = deployment.Spec.Template.Metadata.Labels;
        Assert.True(Selects(deployment.Spec.Selector, podLabels));
        var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
        Assert.Equal("run", container.Args[0]);
        Assert.Equal("8080", container.Args[container.Args.IndexOf("--http-port") + 1]);
        Assert.Equal("metadata.namespace", Assert.Single(container.Env, static e => e.Name == "POD_NAMESPACE").ValueFrom.FieldRef.FieldPath);
        var port = Assert.Single(container.Ports);
        Assert.Equal(8080, port.ContainerPort);
        foreach (var (probe, path) in new[] { (container.LivenessProbe, "/healthz"), (container.ReadinessProbe, "/readyz") })
        {
            Assert.Equal(path, probe.HttpGet.Path);
            Assert.Equal(port.Name, probe.HttpGet.Port.Value);
        }

        var spread = Assert.Single(deployment.Spec.Template.Spec.TopologySpreadConstraints);
        Assert.Equal("kubernetes.io/hostname", spread.TopologyKey);
        Assert.True(Selects(spread.LabelSelector, podLabels));

        var budget = Assert.Single(rendered.All<V1PodDisruptionBudget>());
        Assert.Equal("1", budget.Spec.MinAvailable.Value);
        Assert.True(Selects(budget.Spec.Selector, podLabels));

        // The Lease's Role is granted in the namespace the pods run in (POD_NAMESPACE).
        Assert.Contains(rendered.All<V1Role>(), r => r.Metadata.NamespaceProperty == deployment.Metadata.NamespaceProperty
            && r.Rules.Any(static rule => rule.ApiGroups.Contains("coordination.k8s.io") && rule.Resources.Contains("leases")));
    }

    [Fact]
    public void The_worker_pod_is_hardened_bounded_and_given_the_time_its_hand_over_needs()
    {
        var pod = Assert.Single(RenderedOverlay.Render("worker").All<V1Deployment>()).Spec.Template.Spec;
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        var container = Assert.Single(pod.Containers);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        Assert.Null(container.SecurityContext.Capabilities.Add);
        // A read-only root still needs a writable /tmp for the runtime.
        Assert.Contains(container.VolumeMounts, static m => m.MountPath == "/tmp" && m.ReadOnlyProperty != true);

        Assert.True(container.Resources.Requests.ContainsKey("cpu") && container.Resources.Requests.ContainsKey("memory"));
        Assert.True(container.Resources.Limits["memory"].ToInt64() >= container.Resources.Requests["memory"].ToInt64());

        // The args keep the default lease timings, so SIGTERM's hand-over takes at most a renew deadline of writes plus the release.
        Assert.DoesNotContain(container.Args, static a => a.StartsWith("--renew-deadline", StringComparison.Ordinal));
        var handOver = new ExternalEndpointSync.Worker.LeaseTimings().RenewDeadline + ExternalEndpointSync.Worker.RunCommandRunner.ReleaseTimeout;
        Assert.True(TimeSpan.FromSeconds(pod.TerminationGracePeriodSeconds!.Value) > handOver, $"grace period {pod.TerminationGracePeriodSeconds} s, hand-over up to {handOver.TotalSeconds} s");
    }

    [Fact]
    public void The_cronjob_runs_sync_once_and_never_overlaps_itself()
    {
        var cronJob = Assert.Single(RenderedOverlay.Render("cronjob").All<V1CronJob>());
        var container = Assert.Single(cronJob.Spec.JobTemplate.Spec.Template.Spec.Containers);
        Assert.Equal(["sync", "--once"], container.Args.Take(2));
        Assert.Equal("Forbid", cronJob.Spec.ConcurrencyPolicy);
        Assert.Equal("Never", cronJob.Spec.JobTemplate.Spec.Template.Spec.RestartPolicy);
        Assert.Equal(5, cronJob.Spec.Schedule.Split(' ').Length);
    }

    [Fact]
    public void The_crd_overlay_binds_the_worker_to_listing_and_watching_external_services_and_writing_their_status_and_nothing_else()
    {
        var rendered = RenderedOverlay.Render("crd");
        var binding = rendered.All<V1ClusterRoleBinding>().Single(static b => b.RoleRef.Name == "external-endpoint-sync-externalservices");
        var subject = Assert.Single(binding.Subjects);
        Assert.Equal(("ServiceAccount", "external-endpoint-sync", RenderedOverlay.Namespace), (subject.Kind, subject.Name, subject.NamespaceProperty));
        var role = Assert.Single(rendered.All<V1ClusterRole>(), r => r.Metadata.Name == binding.RoleRef.Name);
        var grants = role.Rules.SelectMany(static r => r.Resources.SelectMany(resource => r.Verbs.Select(verb => $"{resource}:{verb}"))).Order(StringComparer.Ordinal);
        Assert.Equal(["externalservices/finalizers:update", "externalservices/status:update", "externalservices:list", "externalservices:watch"], grants);
        // The CRD, the two aggregated roles, this role and binding, and the cluster-networks role and binding.
        Assert.Equal(7, rendered.Objects.Count);
    }

    [Fact]
    public void The_crd_overlay_lets_namespace_edit_and_admin_manage_external_services_and_view_read_them()
    {
        var rendered = RenderedOverlay.Render("crd");
        var crd = Assert.Single(rendered.All<V1CustomResourceDefinition>());
        Assert.Equal($"{crd.Spec.Names.Plural}.{crd.Spec.Group}", crd.Metadata.Name);
        Assert.Equal(("externalendpoints.io", "externalservices", "ExternalService", "Namespaced"), (crd.Spec.Group, crd.Spec.Names.Plural, crd.Spec.Names.Kind, crd.Spec.Scope));
        Assert.Single(crd.Spec.Versions, static v => v.Storage);

        var roles = rendered.All<V1ClusterRole>().Where(static r => r.Metadata.Labels?.Keys.Any(static k => k.StartsWith("rbac.authorization.k8s.io/aggregate-to-", StringComparison.Ordinal)) == true).ToList();
        Assert.Equal(2, roles.Count);
        var networks = rendered.All<V1ClusterRoleBinding>().Single(static b => b.RoleRef.Name == "external-endpoint-sync-cluster-networks");
        var networksRole = rendered.All<V1ClusterRole>().Single(r => r.Metadata.Name == networks.RoleRef.Name);
        Assert.All(networksRole.Rules, static rule => Assert.Equal(["list", "watch"], rule.Verbs));
        foreach (var role in roles)
        {
            Assert.All(role.Rules, rule =>
            {
                Assert.Equal([crd.Spec.Group], rule.ApiGroups);
                Assert.All(rule.Resources, r => Assert.True(r == crd.Spec.Names.Plural || r == $"{crd.Spec.Names.Plural}/status", r));
            });
        }

        string[] write = ["create", "update", "patch", "delete"];
        string[] read = ["get", "list", "watch"];
        foreach (var aggregate in new[] { "edit", "admin" })
        {
            var verbs = Verbs(roles, aggregate, crd.Spec.Names.Plural);
            Assert.True(write.Concat(read).All(verbs.Contains), $"{aggregate} gets {string.Join(',', verbs)}");
        }

        var view = Verbs(roles, "view", crd.Spec.Names.Plural);
        Assert.True(read.All(view.Contains) && !view.Intersect(write).Any(), $"view gets {string.Join(',', view)}");

        // The status is the controller's: no aggregated role may write it.
        Assert.DoesNotContain(roles.SelectMany(static r => r.Rules), rule => rule.Resources.Contains($"{crd.Spec.Names.Plural}/status") && rule.Verbs.Intersect(write).Any());
    }

    [Fact]
    public void The_worker_and_the_cronjob_share_only_the_base_and_one_image()
    {
        static HashSet<string> Keys(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects) => [.. objects.Select(RenderedOverlay.Describe)];
        var worker = RenderedOverlay.Render("worker");
        var cronJob = RenderedOverlay.Render("cronjob");
        var baseObjects = KubernetesYaml.LoadAllFromString(DeployManifests.Render(Path.Combine(DeployManifests.DeployDirectory, "base"))).Cast<IKubernetesObject<V1ObjectMeta>>();

        Assert.Equal(Keys(baseObjects).Order(StringComparer.Ordinal), Keys(worker.Objects).Intersect(Keys(cronJob.Objects)).Order(StringComparer.Ordinal));
        Assert.Equal(
            worker.PodTemplates.Select(static t => t.Template.Spec.Containers[0].Image).Single(),
            cronJob.PodTemplates.Select(static t => t.Template.Spec.Containers[0].Image).Single());
    }

    private static HashSet<string> Verbs(IEnumerable<V1ClusterRole> roles, string aggregate, string resource) =>
        [.. roles
            .Where(r => r.Metadata.Labels.TryGetValue($"rbac.authorization.k8s.io/aggregate-to-{aggregate}", out var value) && value == "true")
            .SelectMany(static r => r.Rules)
            .Where(rule => rule.Resources.Contains(resource))
            .SelectMany(static rule => rule.Verbs)];

    private static bool Selects(V1LabelSelector selector, IDictionary<string, string> labels) =>
        selector.MatchExpressions is null or { Count: 0 }
        && selector.MatchLabels is { Count: > 0 } wanted
        && wanted.All(w => labels.TryGetValue(w.Key, out var value) && value == w.Value);
}
