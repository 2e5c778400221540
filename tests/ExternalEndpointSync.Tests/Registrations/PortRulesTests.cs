using ExternalEndpointSync.Model;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations;

/// <summary>The API server's Service port rules, applied to <c>ports</c>.</summary>
public sealed class PortRulesTests
{
    private static string WithPorts(string ports) => $$"""
        services:
          - name: web
            source: { static: { addresses: [ 192.0.2.1 ] } }
            ports:
        {{ports}}
        """;

    [Theory]
    [InlineData("      - { name: http, port: 0 }", "services[0].ports[0].port", 7, "between 1 and 65535")]
    [InlineData("      - { name: http, port: 65536 }", "services[0].ports[0].port", 7, "between 1 and 65535")]
    [InlineData("      - { name: http, port: 80, targetPort: 0 }", "services[0].ports[0].targetPort", 7, "between 1 and 65535")]
    [InlineData("      - { name: http, port: 80, protocol: HTTP }", "services[0].ports[0].protocol", 7, "must be one of TCP, UDP, SCTP")]
    [InlineData("      - { name: http }", "services[0].ports[0].port", 7, "is required")]
    [InlineData("      - { name: HTTP, port: 80 }", "services[0].ports[0].name", 7, "must be a DNS-1123 label")]
    [InlineData("      - { name: http, port: 80, appProtocol: \"kubernetes.io/h2c/x\" }", "services[0].ports[0].appProtocol", 7, "must be a qualified name")]
    [InlineData("      - { name: http, port: 80 }\n      - { port: 443 }", "services[0].ports[1].name", 8, "is required when the service has more than one port")]
    [InlineData("      - { name: http, port: 80 }\n      - { name: http, port: 443 }", "services[0].ports[1].name", 8, "duplicate port name \"http\" (also used by services[0].ports[0].name)")]
    [InlineData("      - { name: a, port: 53, protocol: UDP }\n      - { name: b, port: 53, protocol: UDP }", "services[0].ports[1].port", 8, "duplicate port UDP/53")]
    [InlineData("      - { name: http, port: 80, nodePort: 30080 }", "services[0].ports[0].nodePort", 7, "unknown field \"nodePort\"")]
    public void An_invalid_port_is_reported_at_its_path_and_line(string ports, string path, int line, string text)
    {
        ConfigTestFiles.SingleError(ConfigTestFiles.LoadBody(WithPorts(ports)), path, line, text);
    }

    [Fact]
    public void A_ClusterIP_service_needs_at_least_one_port()
    {
        var result = ConfigTestFiles.LoadBody("""
            services:
              - name: web
                ports: []
                source: { static: { addresses: [ 192.0.2.1 ] } }
            """);

        ConfigTestFiles.SingleError(result, "services[0].ports", 5, "must declare at least one port for a ClusterIP service");
    }

    [Fact]
    public void The_same_port_number_on_two_protocols_and_all_fields_are_kept()
    {
        var result = ConfigTestFiles.LoadBody(WithPorts("""
                  - { name: dns, port: 53, protocol: UDP }
                  - name: dns-tcp
                    port: 53
                    targetPort: 5353
                    protocol: TCP
                    appProtocol: kubernetes.io/dns
            """));

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        Assert.Equal(
            [
                new ServicePortSpec { Name = "dns", Port = 53, Protocol = "UDP" },
                new ServicePortSpec { Name = "dns-tcp", Port = 53, Protocol = "TCP", TargetPort = 5353, AppProtocol = "kubernetes.io/dns" },
            ],
            result.Config!.Services[0].Ports);
    }
}
