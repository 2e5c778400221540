using ExternalEndpointSync.Cluster;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations.Policy;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations.Policy;

/// <summary>Whether an ExternalService may register: its namespace, its source kind, its ExternalName target.</summary>
public sealed class RegistrationAdmissionTests
{
    private static readonly ClusterFacts Facts = new()
    {
        NamespaceLabels = new Dictionary<string, ValueDictionary>(StringComparer.Ordinal)
        {
            ["labelled"] = ValueDictionary.From([new("external-services", "allowed"), new("environment", "prod")]),
            ["sandbox"] = ValueDictionary.From([new("external-services", "allowed"), new("environment", "sandbox")]),
            ["plain"] = ValueDictionary.Empty,
        },
    };

    private static ExternalServiceSpec Dns(string ns) => new()
    {
        Name = "db",
        Namespace = ns,
        Source = new DnsSourceSpec { Name = DnsName.Parse("db.example.com") },
        Origin = new ResourceOrigin(ns, "db", "uid-1", 1),
    };

    private static ExternalServiceSpec Consul(string ns) => Dns(ns) with { Source = new ConsulSourceSpec { Service = "db" } };

    private static ExternalServiceSpec Alias(string target) => Dns("team-a") with { Type = ServiceType.ExternalName, Source = null, ExternalName = target };

    [Fact]
    public void Without_a_policy_or_with_it_disabled_no_external_service_is_admitted()
    {
        Assert.Contains("not enabled", RegistrationAdmission.Refusal(Dns("team-a"), null, Facts), StringComparison.Ordinal);
        Assert.Contains("not enabled", RegistrationAdmission.Refusal(Dns("team-a"), new ExternalServicePolicy { Enabled = false }, Facts), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_namespace_list_or_selector_every_namespace_is_admitted_with_the_default_sources()
    {
        var policy = new ExternalServicePolicy();

        Assert.Null(RegistrationAdmission.Refusal(Dns("anything"), policy, ClusterFacts.None));
        Assert.Null(RegistrationAdmission.Refusal(Dns("anything") with { Source = new StaticSourceSpec { Addresses = ["192.0.2.1"] } }, policy, ClusterFacts.None));
        Assert.Contains("source consul is not allowed for ExternalServices in namespace anything (allowed: static, dns)",
            RegistrationAdmission.Refusal(Consul("anything"), policy, ClusterFacts.None), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("team-a", true)]
    [InlineData("labelled", true)]
    [InlineData("sandbox", false)]
    [InlineData("plain", false)]
    [InlineData("unknown", false)]
    public void A_namespace_is_admitted_by_name_or_by_its_labels(string ns, bool admitted)
    {
        var policy = new ExternalServicePolicy
        {
            Namespaces = ["team-a"],
            NamespaceSelector = new LabelSelector
            {
                MatchLabels = ValueDictionary.From([new("external-services", "allowed")]),
                MatchExpressions = [new LabelSelectorRequirement("environment", LabelSelectorOperator.NotIn, ["sandbox"])],
            },
        };

        var refusal = RegistrationAdmission.Refusal(Dns(ns), policy, Facts);

        Assert.Equal(admitted, refusal is null);
        if (!admitted)
        {
            Assert.Contains($"namespace {ns} may not register ExternalServices", refusal, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_namespace_override_replaces_the_source_kinds_of_its_namespace_only()
    {
        var policy = new ExternalServicePolicy
        {
            Sources = ["dns"],
            NamespaceOverrides = [new NamespacePolicyOverride { Namespace = "team-a", Sources = ["consul"] }],
        };

        Assert.Null(RegistrationAdmission.Refusal(Consul("team-a"), policy, Facts));
        Assert.Contains("source dns is not allowed for ExternalServices in namespace team-a (allowed: consul)", RegistrationAdmission.Refusal(Dns("team-a"), policy, Facts), StringComparison.Ordinal);
        Assert.Null(RegistrationAdmission.Refusal(Dns("team-b"), policy, Facts));
        Assert.NotNull(RegistrationAdmission.Refusal(Consul("team-b"), policy, Facts));
    }

    [Fact]
    public void An_override_without_sources_keeps_the_policys()
    {
        var policy = new ExternalServicePolicy { NamespaceOverrides = [new NamespacePolicyOverride { Namespace = "team-a" }] };

        Assert.NotNull(RegistrationAdmission.Refusal(Consul("team-a"), policy, Facts));
        Assert.Null(RegistrationAdmission.Refusal(Dns("team-a"), policy, Facts));
    }

    [Theory]
    [InlineData("kubernetes.default.svc.cluster.local", "cluster.local")]
    [InlineData("kubernetes.default.svc", "svc")]
    [InlineData("api.team-b.svc.", "svc")]
    [InlineData("KUBERNETES.default.SVC", "svc")]
    [InlineData("cluster.local", "cluster.local")]
    public void An_external_name_in_the_cluster_is_refused_by_default(string target, string suffix) =>
        Assert.Contains($"ends in {suffix}", RegistrationAdmission.Refusal(Alias(target), new ExternalServicePolicy(), Facts), StringComparison.Ordinal);

    [Theory]
    [InlineData("docs.example.com")]
    [InlineData("mysvc.example.com")]
    [InlineData("svc.example.com")]
    [InlineData("notcluster.local.example.com")]
    public void An_external_name_outside_the_refused_suffixes_is_admitted(string target) =>
        Assert.Null(RegistrationAdmission.Refusal(Alias(target), new ExternalServicePolicy(), Facts));

    [Fact]
    public void The_admin_names_the_refused_suffixes()
    {
        var policy = new ExternalServicePolicy { ExternalName = new ExternalNamePolicy { RefusedSuffixes = ["corp.internal"] } };

        Assert.NotNull(RegistrationAdmission.Refusal(Alias("db.corp.internal"), policy, Facts));
        Assert.Null(RegistrationAdmission.Refusal(Alias("kubernetes.default.svc"), policy, Facts));
    }
}
