using ExternalEndpointSync.Model;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations.ConfigFile;

public sealed class DefaultsMergeTests
{
    [Fact]
    public void Nested_mappings_merge_key_by_key_and_the_service_wins()
    {
        var result = ConfigTestFiles.LoadBody("""
            defaults:
              namespace: shop
              resyncInterval: 1m
              publish: { endpoints: true, maxEndpointsPerSlice: 50 }
              healthCheck:
                type: http
                interval: 5s
                timeout: 1s
                http: { path: /healthz, expectedStatuses: [ 200 ] }
              labels: { team: shop, tier: backend }
            services:
              - name: web
                ports: [ { name: http, port: 80 } ]
                source: { static: { addresses: [ 192.0.2.1 ] } }
                publish: { maxEndpointsPerSlice: 10 }
                healthCheck:
                  interval: 20s
                  http: { path: /ready }
                labels: { tier: frontend }
            """);

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        var service = result.Config!.Services[0];
        Assert.Equal(new ServiceKey("shop", "web"), service.Key);
        Assert.Equal(TimeSpan.FromMinutes(1), service.ResyncInterval);
        Assert.Equal(new PublishSpec { EndpointSlices = true, Endpoints = true, MaxEndpointsPerSlice = 10 }, service.Publish);
        Assert.Equal(
            (HealthCheckType.Http, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(1), "/ready"),
            (service.HealthCheck.Type, service.HealthCheck.Interval, service.HealthCheck.Timeout, service.HealthCheck.Http.Path));
        Assert.Equal(["200"], service.HealthCheck.Http.ExpectedStatuses.Select(static range => range.ToString()));
        Assert.Equal(new Dictionary<string, string> { ["team"] = "shop", ["tier"] = "frontend" }, service.Labels);
    }

    [Fact]
    public void Lists_are_replaced_not_merged()
    {
        var result = ConfigTestFiles.LoadBody("""
            defaults:
              ports: [ { name: http, port: 80 }, { name: https, port: 443 } ]
              healthCheck: { type: http, http: { expectedStatuses: [ 200, 204 ] } }
            services:
              - name: web
                source: { static: { addresses: [ 192.0.2.1 ] } }
              - name: admin
                ports: [ { name: admin, port: 8443 } ]
                healthCheck: { http: { expectedStatuses: [ 401 ] } }
                source: { static: { addresses: [ 192.0.2.2 ] } }
            """);

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        var (web, admin) = (result.Config!.Services[0], result.Config.Services[1]);
        Assert.Equal(["http", "https"], web.Ports.Select(port => port.Name));
        Assert.Equal(["200", "204"], web.HealthCheck.Http.ExpectedStatuses.Select(static range => range.ToString()));
        Assert.Equal([8443], admin.Ports.Select(port => port.Port));
        Assert.Equal(["401"], admin.HealthCheck.Http.ExpectedStatuses.Select(static range => range.ToString()));
        Assert.Equal(HealthCheckType.Http, admin.HealthCheck.Type);
    }

    [Fact]
    public void An_error_in_a_default_is_reported_once_at_the_defaults_line()
    {
        var result = ConfigTestFiles.LoadBody("""
            defaults:
              healthCheck:
                type: tcp
                interval: 1s
                timeout: 5s
              publish: { maxEndpointsPerSlce: 10 }
            services:
              - name: web
                ports: [ { port: 80 } ]
                source: { static: { addresses: [ 192.0.2.1 ] } }
              - name: api
                ports: [ { port: 80 } ]
                source: { static: { addresses: [ 192.0.2.2 ] } }
            """);

        Assert.Equal(
            [("defaults.healthCheck.timeout", 7), ("defaults.publish.maxEndpointsPerSlce", 8)],
            ConfigTestFiles.Locations(result.Errors));
    }

    [Fact]
    public void A_service_that_fixes_a_bad_default_has_no_error()
    {
        var result = ConfigTestFiles.LoadBody("""
            defaults:
              healthCheck: { type: tcp, interval: 1s, timeout: 5s }
            services:
              - name: web
                ports: [ { port: 80 } ]
                source: { static: { addresses: [ 192.0.2.1 ] } }
                healthCheck: { interval: 10s }
            """);

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)), (result.Config!.Services[0].HealthCheck.Interval, result.Config.Services[0].HealthCheck.Timeout));
    }

    [Fact]
    public void A_default_source_applies_only_to_services_with_the_same_source_kind_and_never_to_ExternalName()
    {
        var result = ConfigTestFiles.LoadBody("""
            defaults:
              source:
                dns: { nameservers: [ 192.0.2.53 ], maxTtl: 1m }
            services:
              - name: db
                ports: [ { port: 5432 } ]
                source: { dns: { name: db.example.com } }
              - name: web
                ports: [ { port: 80 } ]
                source: { static: { addresses: [ 192.0.2.1 ] } }
              - name: docs
                type: ExternalName
                externalName: docs.example.com
            """);

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        var dns = Assert.IsType<DnsSourceSpec>(result.Config!.Services[0].Source);
        Assert.Equal(("db.example.com", TimeSpan.FromMinutes(1)), (dns.Name.Value, dns.MaxTtl));
        Assert.Equal([Nameserver.Parse("192.0.2.53")], dns.Nameservers);
        Assert.IsType<StaticSourceSpec>(result.Config.Services[1].Source);
        Assert.Null(result.Config.Services[2].Source);
    }

    [Fact]
    public void A_service_without_a_source_takes_the_default_one()
    {
        var result = ConfigTestFiles.LoadBody("""
            defaults:
              source: { consul: { service: shared } }
            services:
              - name: web
                ports: [ { port: 80 } ]
            """);

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        Assert.Equal("shared", Assert.IsType<ConsulSourceSpec>(result.Config!.Services[0].Source).Service);
    }

    [Fact]
    public void A_null_service_field_keeps_the_default()
    {
        var result = ConfigTestFiles.LoadBody("""
            defaults:
              healthCheck: { type: tcp }
            services:
              - name: web
                ports: [ { port: 80 } ]
                source: { static: { addresses: [ 192.0.2.1 ] } }
                healthCheck:
            """);

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        Assert.Equal(HealthCheckType.Tcp, result.Config!.Services[0].HealthCheck.Type);
    }

    [Fact]
    public void A_name_in_the_defaults_is_an_error()
    {
        var result = ConfigTestFiles.LoadBody("""
            defaults:
              name: web
            services:
              - ports: [ { port: 80 } ]
                source: { static: { addresses: [ 192.0.2.1 ] } }
            """);

        Assert.Equal([("defaults.name", 4), ("services[0].name", 6)], ConfigTestFiles.Locations(result.Errors));
    }
}
