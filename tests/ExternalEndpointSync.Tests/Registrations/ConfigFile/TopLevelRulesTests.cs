using ExternalEndpointSync.Model;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations.ConfigFile;

/// <summary>Rules on the top-level fields and the global <c>consul</c> section.</summary>
public sealed class TopLevelRulesTests
{
    private const string Services = """
        services:
          - name: web
            ports: [ { port: 80 } ]
            source: { static: { addresses: [ 192.0.2.1 ] } }
        """;

    [Theory]
    [InlineData("apiVersion: externalendpoints.io/v1alpha1\nkind: SyncConfig\nownerId: \"\"\n", "ownerId", 3, "must be a non-empty label value")]
    [InlineData("apiVersion: externalendpoints.io/v1alpha1\nkind: SyncConfig\nownerId: owner/with/slash\n", "ownerId", 3, "must be a non-empty label value")]
    [InlineData("apiVersion: v1\nkind: SyncConfig\n", "apiVersion", 1, "must be externalendpoints.io/v1alpha1, not \"v1\"")]
    [InlineData("apiVersion: externalendpoints.io/v1alpha1\nkind: Config\n", "kind", 2, "must be SyncConfig")]
    [InlineData("apiVersion: externalendpoints.io/v1alpha1\nkind: SyncConfig\npolicy: delete-all\n", "policy", 3, "must be one of sync, upsert-only, create-only")]
    [InlineData("apiVersion: externalendpoints.io/v1alpha1\nkind: SyncConfig\nconsul:\n  address: consul.service:8500\n", "consul.address", 4, "absolute http or https URI")]
    [InlineData("apiVersion: externalendpoints.io/v1alpha1\nkind: SyncConfig\nconsul:\n  address: ftp://127.0.0.1:8500\n", "consul.address", 4, "absolute http or https URI")]
    [InlineData("apiVersion: externalendpoints.io/v1alpha1\nkind: SyncConfig\nconsul:\n  wait: 11m\n", "consul.wait", 4, "must be between 1s and 10m, not 11m")]
    [InlineData("apiVersion: externalendpoints.io/v1alpha1\nkind: SyncConfig\nconsul:\n  clientCertFile: /etc/consul/cert.pem\n", "consul.clientCertFile", 4, "must be given together")]
    [InlineData("apiVersion: externalendpoints.io/v1alpha1\nkind: SyncConfig\nmaxConcurrentProbes: 0\n", "maxConcurrentProbes", 3, "must be between 1 and 10000, not 0")]
    [InlineData("apiVersion: externalendpoints.io/v1alpha1\nkind: SyncConfig\nconsul:\n  nameservers: [ dns.example.com ]\n", "consul.nameservers[0]", 4, "must be an IP address, ip:port or [ipv6]:port")]
    [InlineData("apiVersion: externalendpoints.io/v1alpha1\nkind: SyncConfig\nconsul:\n  adress: http://127.0.0.1:8500\n", "consul.adress", 4, "did you mean \"address\"?")]
    public void An_invalid_top_level_field_is_reported_at_its_path_and_line(string header, string path, int line, string text)
    {
        ConfigTestFiles.SingleError(ExternalEndpointSync.Registrations.ConfigFile.ConfigLoader.Load(header + Services, "test.yaml"), path, line, text);
    }

    [Fact]
    public void Policy_owner_and_every_consul_setting_reach_the_model()
    {
        var result = ConfigTestFiles.LoadBody("""
            ownerId: cluster-a.team_1
            policy: upsert-only
            maxConcurrentProbes: 200
            consul:
              address: https://consul.example.com:8501
              tokenFile: /run/consul/token
              tokenEnv: MY_CONSUL_TOKEN
              caFile: /etc/consul/ca.pem
              clientCertFile: /etc/consul/cert.pem
              clientKeyFile: /etc/consul/key.pem
              datacenter: dc1
              wait: 10m
              nameservers: [ 127.0.0.53, "[::1]:5353" ]
            """ + "\n" + Services);

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        var config = result.Config!;
        Assert.Equal(("cluster-a.team_1", SyncPolicy.UpsertOnly, 200), (config.OwnerId, config.Policy, config.MaxConcurrentProbes));
        Assert.Equal([Nameserver.Parse("127.0.0.53"), Nameserver.Parse("[::1]:5353")], config.Consul!.Nameservers);
        Assert.Equal(
            new ConsulSettings
            {
                Nameservers = config.Consul.Nameservers,
                Address = ConsulAddress.Parse("https://consul.example.com:8501"),
                TokenFile = "/run/consul/token",
                TokenEnvironmentVariable = "MY_CONSUL_TOKEN",
                CaFile = "/etc/consul/ca.pem",
                ClientCertificateFile = "/etc/consul/cert.pem",
                ClientKeyFile = "/etc/consul/key.pem",
                Datacenter = "dc1",
                Wait = TimeSpan.FromMinutes(10),
            },
            config.Consul);
    }

    [Fact]
    public void Without_a_consul_section_the_local_agent_default_applies()
    {
        var result = ConfigTestFiles.LoadBody("""
            services:
              - name: cache
                ports: [ { port: 6379 } ]
                source: { consul: { service: redis } }
            """);

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        Assert.Equal(new ConsulSettings(), result.Config!.Consul);
        Assert.Equal(new Uri("http://127.0.0.1:8500"), result.Config.Consul!.Address.Uri);
        Assert.Equal(SyncConfig.DefaultOwnerId, result.Config.OwnerId);
        Assert.Null(result.Config.Policy);
    }

    [Fact]
    public void An_empty_service_list_is_valid_with_a_warning()
    {
        var result = ConfigTestFiles.LoadBody("services: []\n");

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        Assert.Empty(result.Config!.Services);
        Assert.Equal([("services", 3)], ConfigTestFiles.Locations(result.Warnings));
    }
}
