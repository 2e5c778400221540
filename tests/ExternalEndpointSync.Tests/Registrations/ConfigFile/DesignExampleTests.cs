using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations.ConfigFile;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations.ConfigFile;

public sealed class DesignExampleTests
{
    private static async Task<SyncConfig> LoadDesignExampleAsync()
    {
        // As text: the token file it names is a path in a pod, which LoadFileAsync would read.
        var path = ConfigTestFiles.AssetPath("design-example.yaml");
        var result = ConfigLoader.Load(await File.ReadAllTextAsync(path), path);
        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        Assert.Empty(result.Warnings);
        return result.Config!;
    }

    [Fact]
    public async Task Top_level_settings_come_from_the_file_and_consul_defaults_fill_the_rest()
    {
        var config = await LoadDesignExampleAsync();

        Assert.Equal("default", config.OwnerId);
        Assert.Null(config.Policy);
        Assert.NotNull(config.Consul);
        Assert.Equal(new Uri("http://127.0.0.1:8500"), config.Consul.Address.Uri);
        Assert.Equal("/var/run/secrets/consul/token", config.Consul.TokenFile);
        Assert.Equal("CONSUL_HTTP_TOKEN", config.Consul.TokenEnvironmentVariable);
        Assert.Equal(TimeSpan.FromMinutes(5), config.Consul.Wait);
        Assert.Equal(["orders-db", "legacy-api", "cache", "docs"], config.Services.Select(service => service.Name));
    }

    [Fact]
    public async Task Dns_service_with_postgres_health_check()
    {
        var service = (await LoadDesignExampleAsync()).Services[0];

        Assert.Equal(new ServiceKey("payments", "orders-db"), service.Key);
        Assert.Equal(ServiceType.ClusterIP, service.Type);
        var port = Assert.Single(service.Ports);
        Assert.Equal(new ServicePortSpec { Name = "postgres", Port = 5432, Protocol = "TCP", AppProtocol = "postgresql" }, port);
        var dns = Assert.IsType<DnsSourceSpec>(service.Source);
        Assert.Equal("orders-db.prod.example.com", dns.Name.Value);
        Assert.Equal(DnsRecordType.AAndAAAA, dns.Type);
        Assert.Empty(dns.Nameservers);
        Assert.Equal(HealthCheckType.Postgres, service.HealthCheck.Type);
        Assert.Equal(TimeSpan.FromSeconds(10), service.HealthCheck.Interval);
        Assert.Equal(TimeSpan.FromSeconds(2), service.HealthCheck.Timeout);
        Assert.Equal(2, service.HealthCheck.HealthyThreshold);
        Assert.Equal(3, service.HealthCheck.UnhealthyThreshold);
        Assert.Equal(new PublishSpec { EndpointSlices = true, Endpoints = false, MaxEndpointsPerSlice = 100 }, service.Publish);
        Assert.Equal(TimeSpan.FromSeconds(30), service.ResyncInterval);
        var origin = Assert.IsType<FileOrigin>(service.Origin);
        Assert.Equal(("design-example.yaml", 16, "services[0]"), (Path.GetFileName(origin.Path), origin.Line, origin.Entry));
    }

    [Fact]
    public async Task Static_service_keeps_both_address_families_and_the_target_port()
    {
        var service = (await LoadDesignExampleAsync()).Services[1];

        Assert.Equal(new ServiceKey("web", "legacy-api"), service.Key);
        var port = Assert.Single(service.Ports);
        Assert.Equal(("http", 80, 8080, "TCP"), (port.Name, port.Port, port.TargetPort, port.Protocol));
        Assert.Equal(8080, port.EndpointPort);
        var addresses = Assert.IsType<StaticSourceSpec>(service.Source).Addresses;
        Assert.Equal(["192.0.2.10", "2001:db8::10"], addresses);
        Assert.Equal(HealthCheckType.None, service.HealthCheck.Type);
    }

    [Fact]
    public async Task Consul_service_takes_its_namespace_from_the_defaults()
    {
        var service = (await LoadDesignExampleAsync()).Services[2];

        Assert.Equal(new ServiceKey("default", "cache"), service.Key);
        Assert.Equal(6379, Assert.Single(service.Ports).Port);
        var consul = Assert.IsType<ConsulSourceSpec>(service.Source);
        Assert.Equal("redis", consul.Service);
        Assert.Equal(["primary"], consul.Tags);
        Assert.True(consul.OnlyPassing);
        Assert.Null(consul.Datacenter);
    }

    [Fact]
    public async Task ExternalName_service_has_no_source_and_no_ports()
    {
        var service = (await LoadDesignExampleAsync()).Services[3];

        Assert.Equal(new ServiceKey("default", "docs"), service.Key);
        Assert.Equal(ServiceType.ExternalName, service.Type);
        Assert.Equal("docs.example.com", service.ExternalName);
        Assert.Null(service.Source);
        Assert.Empty(service.Ports);
    }
}
