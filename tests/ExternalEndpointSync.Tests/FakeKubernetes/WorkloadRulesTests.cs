using k8s;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.FakeKubernetes;

/// <summary>The Deployment, CronJob and PodDisruptionBudget rules a manifest in deploy/ could break.</summary>
public sealed class WorkloadRulesTests : FakeApiTestBase
{
    private static V1PodTemplateSpec Template(string containerName = "sync", string portName = "health") => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "sync" } },
        Spec = new V1PodSpec
        {
            Containers = [new V1Container { Name = containerName, Image = "example/sync:1", Ports = [new V1ContainerPort { Name = portName, ContainerPort = 8080 }] }],
        },
    };

    private static V1Deployment Deployment(Dictionary<string, string>? selector = null, V1PodTemplateSpec? template = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "sync", NamespaceProperty = "default" },
        Spec = new V1DeploymentSpec
        {
            Replicas = 2,
            Selector = new V1LabelSelector { MatchLabels = selector ?? new Dictionary<string, string> { ["app"] = "sync" } },
            Template = template ?? Template(),
        },
    };

    private static V1CronJob CronJob(string schedule, string name = "sync") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new V1CronJobSpec { Schedule = schedule, JobTemplate = new V1JobTemplateSpec { Spec = new V1JobSpec { Template = Template() } } },
    };

    private static V1PodDisruptionBudget Budget(IntOrString? minAvailable, IntOrString? maxUnavailable) => new()
    {
        Metadata = new V1ObjectMeta { Name = "sync", NamespaceProperty = "default" },
        Spec = new V1PodDisruptionBudgetSpec
        {
            MinAvailable = minAvailable,
            MaxUnavailable = maxUnavailable,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "sync" } },
        },
    };

    [Fact]
    public async Task A_deployment_whose_selector_does_not_match_its_template_is_refused()
    {
        var causes = await ApiAssert.InvalidAsync(() => Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment(new() { ["app"] = "other" }), "default"));
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment(), "default");

        ApiAssert.HasCause(causes, "FieldValueInvalid", "spec.template.metadata.labels", "`selector` does not match template `labels`");
    }

    [Fact]
    public async Task A_deployment_selector_cannot_change()
    {
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment(), "default");
        var template = Template();
        template.Metadata.Labels["tier"] = "web";
        var changed = Deployment(new() { ["app"] = "sync", ["tier"] = "web" }, template);

        var causes = await ApiAssert.InvalidAsync(() => Client.AppsV1.ReplaceNamespacedDeploymentAsync(changed, "sync", "default"));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "spec.selector", "field is immutable");
    }

    [Fact]
    public async Task A_container_name_must_be_a_dns_label()
    {
        var causes = await ApiAssert.InvalidAsync(() => Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment(template: Template(containerName: "Sync_1")), "default"));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "spec.template.spec.containers[0].name", "RFC 1123 label");
    }

    [Fact]
    public async Task A_container_port_name_must_be_an_iana_service_name()
    {
        var causes = await ApiAssert.InvalidAsync(() => Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment(template: Template(portName: "health-endpoint-port")), "default"));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "spec.template.spec.containers[0].ports[0].name", "no more than 15 characters");
    }

    [Theory]
    [InlineData("*/5 * * * *", true)]
    [InlineData("0 3 * * mon-fri", true)]
    [InlineData("@hourly", true)]
    [InlineData("*/5 * * *", false)]
    [InlineData("61 * * * *", false)]
    [InlineData("@fortnightly", false)]
    public async Task A_cron_job_schedule_must_be_standard_cron(string schedule, bool valid)
    {
        if (valid)
        {
            await Client.BatchV1.CreateNamespacedCronJobAsync(CronJob(schedule), "default");
            return;
        }

        var causes = await ApiAssert.InvalidAsync(() => Client.BatchV1.CreateNamespacedCronJobAsync(CronJob(schedule), "default"));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "spec.schedule");
    }

    [Fact]
    public async Task A_cron_job_name_has_at_most_52_characters()
    {
        var causes = await ApiAssert.InvalidAsync(() => Client.BatchV1.CreateNamespacedCronJobAsync(CronJob("@daily", new string('a', 53)), "default"));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "metadata.name", "no more than 52 characters");
    }

    [Fact]
    public async Task A_disruption_budget_sets_min_available_or_max_unavailable_not_both()
    {
        var causes = await ApiAssert.InvalidAsync(() => Client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(Budget(1, "50%"), "default"));
        await Client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(Budget(1, null), "default");

        ApiAssert.HasCause(causes, "FieldValueInvalid", "spec", "cannot be both set");
    }

    [Fact]
    public async Task A_disruption_budget_percentage_is_at_most_100()
    {
        var causes = await ApiAssert.InvalidAsync(() => Client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(Budget(null, "150%"), "default"));

        ApiAssert.HasCause(causes, "FieldValueInvalid", "spec.maxUnavailable", "100%");
    }
}
