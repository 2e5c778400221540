using System.Text.Json;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations.ConfigFile;
using ExternalEndpointSync.Registrations.Resources;
using k8s.Models;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations.Resources;

/// <summary>
/// An ExternalService's spec is parsed by the file's own entry parser: the Service takes the
/// object's name and namespace, the admin's defaults lie under it, and a problem has the path
/// <c>spec.…</c> and exactly the message <c>validate</c> gives for the same entry in the file.
/// </summary>
public sealed class ExternalServiceSpecParserTests
{
    private const string Defaults = """
        defaults:
          namespace: elsewhere
          resyncInterval: 10s
          healthCheck: { type: tcp, interval: 7s }
        """;

    [Fact]
    public void The_service_is_named_after_the_object_in_its_namespace_with_the_admins_defaults_under_its_spec()
    {
        var result = ExternalServiceSpecParser.Parse(Resource("team-a", "orders", """{"ports":[{"name":"pg","port":5432}],"source":{"dns":{"name":"orders.example.com"}}}"""), FileDefaults());

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var spec = result.Spec!;
        Assert.Equal(new ServiceKey("team-a", "orders"), spec.Key);
        Assert.Equal(new ResourceOrigin("team-a", "orders", "uid-1", 2), spec.Origin);
        Assert.Equal(TimeSpan.FromSeconds(10), spec.ResyncInterval);
        Assert.Equal((HealthCheckType.Tcp, TimeSpan.FromSeconds(7)), (spec.HealthCheck.Type, spec.HealthCheck.Interval));
        Assert.Equal("orders.example.com", Assert.IsType<DnsSourceSpec>(spec.Source).Name.Value);
    }

    [Theory]
    [InlineData("""{"ports":[{"name":"Bad_Name","port":80}],"source":{"static":{"addresses":["192.0.2.1"]}}}""", "ports:\n      - { name: \"Bad_Name\", port: 80 }\n    source: { static: { addresses: [\"192.0.2.1\"] } }", "ports[0].name")]
    [InlineData("""{"type":"ClusterIP","source":{"static":{"addresses":["192.0.2.1"]}}}""", "type: ClusterIP\n    source: { static: { addresses: [\"192.0.2.1\"] } }", "ports")]
    [InlineData("""{"ports":[{"port":80}],"source":{"static":{"addresses":["192.0.2.1"]},"dns":{"name":"a.example.com"}}}""", "ports: [{ port: 80 }]\n    source: { static: { addresses: [\"192.0.2.1\"] }, dns: { name: \"a.example.com\" } }", "source")]
    [InlineData("""{"ports":[{"port":80}],"resyncInterval":"soon","source":{"static":{"addresses":["192.0.2.1"]}}}""", "ports: [{ port: 80 }]\n    resyncInterval: \"soon\"\n    source: { static: { addresses: [\"192.0.2.1\"] } }", "resyncInterval")]
    public void An_invalid_spec_is_not_registered_and_has_the_path_and_message_validate_gives(string specJson, string fileEntry, string field)
    {
        var result = ExternalServiceSpecParser.Parse(Resource("team-a", "orders", specJson), null);
        var file = ConfigLoader.Load($"apiVersion: externalendpoints.io/v1alpha1\nkind: SyncConfig\nservices:\n  - name: orders\n    {fileEntry}\n", "config.yaml");

        Assert.Null(result.Spec);
        Assert.False(file.IsValid);
        Assert.Equal(
            file.Errors.Select(static e => (e.Path, e.Message)),
            result.Errors.Select(static e => (e.Path.Replace("spec.", "services[0].", StringComparison.Ordinal).Replace("spec", "services[0]", StringComparison.Ordinal), e.Message)));
        Assert.Contains(result.Errors, e => e.Path.StartsWith($"spec.{field}", StringComparison.Ordinal));
    }

    [Fact]
    public void A_name_that_cannot_name_a_service_is_an_error_of_metadata_name()
    {
        var result = ExternalServiceSpecParser.Parse(Resource("team-a", "orders.v2", """{"ports":[{"port":80}],"source":{"static":{"addresses":["192.0.2.1"]}}}"""), null);

        var error = Assert.Single(result.Errors);
        Assert.Equal("metadata.name", error.Path);
        Assert.Contains("DNS-1035 label", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spec_cannot_name_another_namespace_or_name()
    {
        var result = ExternalServiceSpecParser.Parse(Resource("team-a", "orders", """{"name":"x","namespace":"kube-system","ports":[{"port":80}],"source":{"static":{"addresses":["192.0.2.1"]}}}"""), null);

        Assert.Null(result.Spec);
        Assert.Equal(["spec.name", "spec.namespace"], result.Errors.Select(static e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_missing_spec_is_an_error_of_spec()
    {
        var resource = Resource("team-a", "orders", "{}");
        resource.Spec = null;

        Assert.Equal("spec", Assert.Single(ExternalServiceSpecParser.Parse(resource, null).Errors).Path);
    }

    private static ExternalEndpointSync.Registrations.Yaml.ConfigMapping FileDefaults() =>
        ConfigLoader.Load($"apiVersion: externalendpoints.io/v1alpha1\nkind: SyncConfig\n{Defaults}\nservices: []\n", "config.yaml").Config!.Defaults!.Mapping;

    private static ExternalServiceObject Resource(string @namespace, string name, string specJson) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace, Uid = "uid-1", Generation = 2 },
        Spec = JsonDocument.Parse(specJson).RootElement,
    };
}
