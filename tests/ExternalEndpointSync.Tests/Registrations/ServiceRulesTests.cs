using ExternalEndpointSync.Model;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations;

/// <summary>Rules on a service as a whole: name, namespace, type, sources, externalName, uniqueness.</summary>
public sealed class ServiceRulesTests
{
    public static TheoryData<string, string, int, string> InvalidServices => new()
    {
        {
            """
            services:
              - ports: [ { port: 80 } ]
                source: { static: { addresses: [ 192.0.2.1 ] } }
            """,
            "services[0].name", 4, "is required"
        },
        {
            """
            services:
              - name: 1st-db
                ports: [ { port: 80 } ]
                source: { static: { addresses: [ 192.0.2.1 ] } }
            """,
            "services[0].name", 4, "must be a DNS-1035 label"
        },
        {
            """
            services:
              - name: web
                namespace: Team.A
                ports: [ { port: 80 } ]
                source: { static: { addresses: [ 192.0.2.1 ] } }
            """,
            "services[0].namespace", 5, "must be a DNS-1123 label"
        },
        {
            """
            services:
              - name: web
                type: clusterIP
                ports: [ { port: 80 } ]
                source: { static: { addresses: [ 192.0.2.1 ] } }
            """,
            "services[0].type", 5, "did you mean \"ClusterIP\"?"
        },
        {
            """
            services:
              - name: web
                ports: [ { port: 80 } ]
            """,
            "services[0].source", 4, "needs exactly one of static, dns, consul"
        },
        {
            """
            services:
              - name: web
                ports: [ { port: 80 } ]
                source: {}
            """,
            "services[0].source", 6, "needs exactly one of static, dns, consul"
        },
        {
            """
            services:
              - name: web
                ports: [ { port: 80 } ]
                source:
                  static: { addresses: [ 192.0.2.1 ] }
                  consul: { service: web }
            """,
            "services[0].source.consul", 8, "but has static and consul"
        },
        {
            """
            services:
              - name: docs
                type: ExternalName
            """,
            "services[0].externalName", 4, "is required"
        },
        {
            """
            services:
              - name: docs
                type: ExternalName
                externalName: Docs_Example.com
            """,
            "services[0].externalName", 6, "must be a DNS-1123 subdomain"
        },
        {
            """
            services:
              - name: docs
                type: ExternalName
                externalName: "2001:db8::1"
            """,
            "services[0].externalName", 6, "must be a host name, not an IP address"
        },
        {
            """
            services:
              - name: docs
                type: ExternalName
                externalName: docs.example.com
                source: { static: { addresses: [ 192.0.2.1 ] } }
            """,
            "services[0].source", 7, "must not be set on an ExternalName service"
        },
        {
            """
            services:
              - name: web
                externalName: docs.example.com
                ports: [ { port: 80 } ]
                source: { static: { addresses: [ 192.0.2.1 ] } }
            """,
            "services[0].externalName", 5, "only allowed with type: ExternalName"
        },
        {
            """
            services:
              - name: web
                ports: [ { port: 80 } ]
                source: { static: { addresses: [ 192.0.2.1 ] } }
                resyncInterval: 0s
            """,
            "services[0].resyncInterval", 7, "must be between 1s and 24h, not 0s"
        },
    };

    [Theory]
    [MemberData(nameof(InvalidServices))]
    public void An_invalid_service_is_reported_at_its_path_and_line(string body, string path, int line, string text)
    {
        ConfigTestFiles.SingleError(ConfigTestFiles.LoadBody(body), path, line, text);
    }

    [Fact]
    public void A_second_service_with_the_same_namespace_and_name_is_an_error_naming_the_first()
    {
        var result = ConfigTestFiles.LoadBody("""
            defaults: { namespace: shop }
            services:
              - name: web
                ports: [ { port: 80 } ]
                source: { static: { addresses: [ 192.0.2.1 ] } }
              - name: web
                namespace: other
                ports: [ { port: 80 } ]
                source: { static: { addresses: [ 192.0.2.2 ] } }
              - name: web
                ports: [ { port: 80 } ]
                source: { static: { addresses: [ 192.0.2.3 ] } }
            """);

        ConfigTestFiles.SingleError(result, "services[2].name", 12, "duplicate service shop/web: services[0] already declares it");
    }

    [Fact]
    public void A_trailing_dot_of_an_external_name_is_trimmed()
    {
        var result = ConfigTestFiles.LoadBody("""
            services:
              - name: docs
                type: ExternalName
                externalName: docs.example.com.
            """);

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        Assert.Equal("docs.example.com", result.Config!.Services[0].ExternalName);
    }

    [Fact]
    public void Headless_may_have_no_ports_and_ExternalName_may_have_some()
    {
        var result = ConfigTestFiles.LoadBody("""
            services:
              - name: members
                type: Headless
                source: { dns: { name: members.example.com } }
              - name: docs
                type: ExternalName
                externalName: docs.example.com
                ports: [ { name: https, port: 443 } ]
            """);

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        Assert.Equal([ServiceType.Headless, ServiceType.ExternalName], result.Config!.Services.Select(service => service.Type));
        Assert.Empty(result.Config.Services[0].Ports);
        Assert.Equal(443, Assert.Single(result.Config.Services[1].Ports).Port);
    }

    [Fact]
    public void Every_invalid_service_is_reported_not_only_the_first()
    {
        var result = ConfigTestFiles.LoadBody("""
            services:
              - name: Web
                ports: [ { port: 80 } ]
                source: { static: { addresses: [ 192.0.2.1 ] } }
              - name: api
                ports: [ { port: 80 } ]
                source: { static: { addresses: [ 192.0.2.2 ] } }
              - name: db
                source: { static: { addresses: [ 192.0.2.3 ] } }
            """);

        Assert.Equal([("services[0].name", 4), ("services[2].ports", 10)], ConfigTestFiles.Locations(result.Errors));
    }
}
