using System.Net;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations.ConfigFile;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations.ConfigFile;

/// <summary>The top-level <c>externalServices</c> section: what reaches the model, its defaults, and every error at its path and line.</summary>
public sealed class ExternalServicePolicyConfigTests
{
    private const string Services = """
        services:
          - name: web
            ports: [ { port: 80 } ]
            source: { static: { addresses: [ 192.0.2.1 ] } }
        """;

    private static ConfigLoadResult Load(string section) => ConfigTestFiles.LoadBody(section + "\n" + Services);

    [Fact]
    public void Without_the_section_there_is_no_policy_and_so_no_watch()
    {
        var result = ConfigTestFiles.LoadBody(Services);

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        Assert.Null(result.Config!.ExternalServices);
    }

    [Fact]
    public void An_empty_section_turns_the_watch_on_for_every_namespace_with_the_documented_defaults()
    {
        var result = Load("externalServices: {}");

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        var policy = result.Config!.ExternalServices!;
        Assert.True(policy.Enabled);
        Assert.True(policy.AdmitsEveryNamespace);
        Assert.Equal(["static", "dns"], policy.Sources);
        Assert.Empty(policy.RefusedCidrs);
        Assert.Equal(new ConfiguredClusterNetworks(), policy.ClusterNetworks);
        Assert.Empty(policy.NamespaceOverrides);
        Assert.Equal(["svc", "cluster.local"], policy.ExternalName.RefusedSuffixes);
    }

    [Fact]
    public void Every_field_reaches_the_model()
    {
        var result = Load("""
            externalServices:
              enabled: false
              namespaces: [ team-a, team-b ]
              namespaceSelector:
                matchLabels: { external-services: allowed }
                matchExpressions:
                  - { key: environment, operator: NotIn, values: [ sandbox, test ] }
                  - { key: example.com/owner, operator: Exists }
              sources: [ dns ]
              refusedCidrs: [ 10.0.0.0/8, "fd00::/8" ]
              clusterNetworks: { podCidrs: [ 10.244.0.0/16 ], serviceCidrs: [ 10.96.0.0/12, "fd00:10:96::/112" ] }
              namespaceOverrides:
                - { namespace: team-a, sources: [ static, consul ], allowedCidrs: [ 10.20.0.0/16 ] }
                - { namespace: team-b, allowedCidrs: [] }
              externalName: { refusedSuffixes: [ svc, corp.internal. ] }
            """);

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        Assert.Empty(result.Warnings);
        Assert.Equal(
            new ExternalServicePolicy
            {
                Enabled = false,
                Namespaces = ["team-a", "team-b"],
                NamespaceSelector = new LabelSelector
                {
                    MatchLabels = ValueDictionary.From([new("external-services", "allowed")]),
                    MatchExpressions =
                    [
                        new LabelSelectorRequirement("environment", LabelSelectorOperator.NotIn, ["sandbox", "test"]),
                        new LabelSelectorRequirement("example.com/owner", LabelSelectorOperator.Exists, []),
                    ],
                },
                Sources = ["dns"],
                RefusedCidrs = [IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("fd00::/8")],
                ClusterNetworks = new ConfiguredClusterNetworks
                {
                    PodCidrs = [IPNetwork.Parse("10.244.0.0/16")],
                    ServiceCidrs = [IPNetwork.Parse("10.96.0.0/12"), IPNetwork.Parse("fd00:10:96::/112")],
                },
                NamespaceOverrides =
                [
                    new NamespacePolicyOverride { Namespace = "team-a", Sources = ["static", "consul"], AllowedCidrs = [IPNetwork.Parse("10.20.0.0/16")] },
                    new NamespacePolicyOverride { Namespace = "team-b" },
                ],
                ExternalName = new ExternalNamePolicy { RefusedSuffixes = ["svc", "corp.internal"] },
            },
            result.Config!.ExternalServices);
    }

    [Theory]
    [InlineData("externalServices:\n  refusedCidrs: [ 10.0.0.0 ]\n", "externalServices.refusedCidrs[0]", 4, "is not a CIDR")]
    [InlineData("externalServices:\n  refusedCidrs: [ 10.0.0.1/8 ]\n", "externalServices.refusedCidrs[0]", 4, "the network is 10.0.0.0/8")]
    [InlineData("externalServices:\n  refusedCidrs: [ 10.0.0.0/33 ]\n", "externalServices.refusedCidrs[0]", 4, "from 0 to 32")]
    [InlineData("externalServices:\n  refusedCidrs: [ \"::ffff:10.0.0.0/104\" ]\n", "externalServices.refusedCidrs[0]", 4, "write it as an IPv4 CIDR")]
    [InlineData("externalServices:\n  clusterNetworks:\n    podCidrs: [ 010.0.0.0/8 ]\n", "externalServices.clusterNetworks.podCidrs[0]", 5, "leading zeros")]
    [InlineData("externalServices:\n  namespaces: [ Team-A ]\n", "externalServices.namespaces[0]", 4, "DNS-1123 label")]
    [InlineData("externalServices:\n  sources: [ http ]\n", "externalServices.sources[0]", 4, "must be one of static, dns, consul")]
    [InlineData("externalServices:\n  enabled: yes\n", "externalServices.enabled", 4, "true or false")]
    [InlineData("externalServices:\n  namespaceSelector:\n    matchLabels: { \"bad key!\": x }\n", "externalServices.namespaceSelector.matchLabels[\"bad key!\"]", 5, "label key must be a qualified name")]
    [InlineData("externalServices:\n  namespaceSelector:\n    matchExpressions:\n      - { key: team, operator: In }\n", "externalServices.namespaceSelector.matchExpressions[0].values", 6, "at least one value with operator In")]
    [InlineData("externalServices:\n  namespaceSelector:\n    matchExpressions:\n      - { key: team, operator: Exists, values: [ a ] }\n", "externalServices.namespaceSelector.matchExpressions[0].values", 6, "must be empty with operator Exists")]
    [InlineData("externalServices:\n  namespaceSelector:\n    matchExpressions:\n      - { key: team, operator: in, values: [ a ] }\n", "externalServices.namespaceSelector.matchExpressions[0].operator", 6, "did you mean \"In\"?")]
    [InlineData("externalServices:\n  namespaceOverrides:\n    - { allowedCidrs: [ 10.0.0.0/8 ] }\n", "externalServices.namespaceOverrides[0].namespace", 5, "is required")]
    [InlineData("externalServices:\n  namespaceOverrides:\n    - { namespace: a }\n    - { namespace: a }\n", "externalServices.namespaceOverrides[1].namespace", 6, "has an override already (externalServices.namespaceOverrides[0])")]
    [InlineData("externalServices:\n  externalName: { refusedSuffixes: [ .svc ] }\n", "externalServices.externalName.refusedSuffixes[0]", 4, "DNS-1123 subdomain")]
    [InlineData("externalServices:\n  externalName: { allowIpAddresses: true }\n", "externalServices.externalName.allowIpAddresses", 4, "unknown field")]
    [InlineData("externalServices:\n  refusedCidr: [ 10.0.0.0/8 ]\n", "externalServices.refusedCidr", 4, "did you mean \"refusedCidrs\"?")]
    public void An_invalid_policy_field_is_reported_at_its_path_and_line(string section, string path, int line, string text) =>
        ConfigTestFiles.SingleError(ConfigLoader.Load(ConfigTestFiles.Header + section + Services, "test.yaml"), path, line, text);

    [Fact]
    public void An_override_for_a_namespace_the_list_does_not_admit_is_a_warning()
    {
        var result = Load("""
            externalServices:
              namespaces: [ team-a ]
              namespaceOverrides: [ { namespace: team-b, sources: [ dns ] } ]
            """);

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("externalServices.namespaceOverrides[0].namespace", 5), (warning.Path, warning.Line));
        Assert.Contains("never applies", warning.Message, StringComparison.Ordinal);
    }
}
