using ExternalEndpointSync.Registrations;
using ExternalEndpointSync.Registrations.ConfigFile;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations.ConfigFile;

public sealed class ConfigDiagnosticFormatterTests
{
    [Fact]
    public void Errors_and_warnings_print_in_file_order_with_file_line_and_column()
    {
        var result = ConfigTestFiles.LoadBody("""
            services:
              - name: web
                ports: [ { port: 80 } ]
                source: { static: { addresses: [ 127.0.0.1 ] } }
              - name: Api
                ports: [ { port: 80 } ]
                source: { static: { addresses: [ 192.0.2.1 ] } }
            """);

        Assert.Equal(
            [
                "test.yaml:6:38: warning: services[0].source.static.addresses[0]: \"127.0.0.1\" is a loopback address, which Kubernetes never accepts as an endpoint; it will be dropped",
                "test.yaml:7:11: error: services[1].name: " + KubernetesNames.Dns1035LabelRule + ": \"Api\"",
            ],
            ConfigDiagnosticFormatter.Format(result));
    }

    [Fact]
    public void A_problem_without_a_line_prints_the_file_only()
    {
        var result = ConfigLoader.Load("", "empty.yaml");

        Assert.StartsWith("empty.yaml: error: (root): ", Assert.Single(ConfigDiagnosticFormatter.Format(result)), StringComparison.Ordinal);
    }
}
