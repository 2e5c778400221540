using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations;
using ExternalEndpointSync.Registrations.ConfigFile;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations;

public sealed class YamlStructureTests
{
    private const string ValidService = """
        services:
          - name: web
            ports: [ { port: 80 } ]
            source: { static: { addresses: [ 192.0.2.1 ] } }
        """;

    [Fact]
    public void A_syntax_error_is_reported_with_its_line()
    {
        var result = ConfigTestFiles.LoadBody("""
            services:
              - name: web
                ports: [ { port: 80 } ]
                source: { static: { addresses: [ 192.0.2.1 ] } }
                  namespace: web
            """);

        var error = ConfigTestFiles.SingleError(result, ConfigPath.Syntax, 7, "invalid YAML");
        Assert.True(error.Column > 0);
    }

    [Fact]
    public void An_unclosed_flow_list_is_reported_with_a_line()
    {
        var result = ConfigTestFiles.LoadBody("""
            services:
              - name: web
                ports: [ { port: 80 }
            """);

        var error = Assert.Single(result.Errors);
        Assert.Equal(ConfigPath.Syntax, error.Path);
        Assert.InRange(error.Line, 5, 6);
    }

    [Fact]
    public void A_duplicate_key_is_an_error_at_the_second_one_naming_the_first()
    {
        var result = ConfigTestFiles.LoadBody("""
            services:
              - name: web
                ports: [ { port: 80 } ]
                name: api
                source: { static: { addresses: [ 192.0.2.1 ] } }
            """);

        ConfigTestFiles.SingleError(result, "services[0].name", 6, "duplicate key \"name\" (first defined at line 4)");
    }

    [Fact]
    public void Every_duplicate_key_is_reported_not_only_the_first()
    {
        var result = ConfigTestFiles.LoadBody("""
            ownerId: a
            ownerId: b
            services:
              - name: web
                ports: [ { port: 80, port: 81 } ]
                source: { static: { addresses: [ 192.0.2.1 ] } }
            """);

        Assert.Equal([("ownerId", 4), ("services[0].ports[0].port", 7)], ConfigTestFiles.Locations(result.Errors));
    }

    [Fact]
    public void An_unknown_field_is_an_error_with_a_did_you_mean_hint()
    {
        var result = ConfigTestFiles.LoadBody("""
            services:
              - name: web
                ports: [ { port: 80 } ]
                source: { static: { addresses: [ 192.0.2.1 ] } }
                helthCheck: { type: tcp }
            """);

        var error = ConfigTestFiles.SingleError(result, "services[0].helthCheck", 7, "unknown field \"helthCheck\"; did you mean \"healthCheck\"?");
        Assert.Contains("allowed here:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_field_far_from_every_known_one_has_no_hint()
    {
        var result = ConfigTestFiles.LoadBody("colour: blue\n" + ValidService);

        var error = ConfigTestFiles.SingleError(result, "colour", 3, "unknown field \"colour\"");
        Assert.DoesNotContain("did you mean", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("services: web\n", "services", 3, "must be a list, not the value \"web\"")]
    [InlineData("consul: http://127.0.0.1:8500\nservices: []\n", "consul", 3, "must be a mapping, not the value")]
    [InlineData("services:\n  - web\n", "services[0]", 4, "must be a mapping, not the value \"web\"")]
    [InlineData("services:\n  - name: [ web ]\n    ports: [ { port: 80 } ]\n    source: { static: { addresses: [ 192.0.2.1 ] } }\n", "services[0].name", 4, "must be a string, not a list")]
    [InlineData("services:\n  - name: web\n    ports: { port: 80 }\n    source: { static: { addresses: [ 192.0.2.1 ] } }\n", "services[0].ports", 5, "must be a list, not a mapping")]
    [InlineData("services:\n  - name: web\n    ports: [ { port: \"80\" } ]\n    source: { static: { addresses: [ 192.0.2.1 ] } }\n", "services[0].ports[0].port", 5, "must be an integer, not the value \"80\" (remove the quotes)")]
    [InlineData("services:\n  - name: web\n    ports: [ { port: 80 } ]\n    source: { static: { addresses: [ 192.0.2.1 ] } }\n    publish: { endpoints: yes }\n", "services[0].publish.endpoints", 7, "must be true or false")]
    public void A_node_of_the_wrong_kind_is_an_error(string body, string path, int line, string text)
    {
        ConfigTestFiles.SingleError(ConfigTestFiles.LoadBody(body), path, line, text);
    }

    [Fact]
    public void A_second_document_is_an_error()
    {
        var result = ConfigTestFiles.LoadBody(ValidService + "\n---\nkind: SyncConfig\n");

        ConfigTestFiles.SingleError(result, ConfigPath.Syntax, 7, "only one YAML document");
    }

    [Fact]
    public void An_empty_file_is_an_error()
    {
        var result = ConfigLoader.Load("# nothing here\n", "empty.yaml");

        var error = Assert.Single(result.Errors);
        Assert.Equal((ConfigPath.Root, 0), (error.Path, error.Line));
    }

    [Fact]
    public void Missing_api_version_kind_and_services_are_each_reported()
    {
        var result = ConfigLoader.Load("ownerId: team-a\n", "test.yaml");

        Assert.Equal([("apiVersion", 1), ("kind", 1), ("services", 1)], ConfigTestFiles.Locations(result.Errors));
    }

    [Fact]
    public void Anchors_and_aliases_are_followed()
    {
        var result = ConfigTestFiles.LoadBody("""
            services:
              - name: web
                ports: &web-ports [ { name: http, port: 80 } ]
                source: { static: { addresses: [ 192.0.2.1 ] } }
              - name: api
                ports: *web-ports
                source: { static: { addresses: [ 192.0.2.2 ] } }
            """);

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        Assert.Equal(80, Assert.Single(result.Config!.Services[1].Ports).Port);
    }

    [Fact]
    public void Block_and_flow_ports_and_mixed_quoting_of_addresses_read_alike()
    {
        var block = ConfigTestFiles.LoadBody("""
            services:
              - name: web
                ports:
                  - name: http
                    port: 80
                source:
                  static:
                    addresses:
                      - 192.0.2.1
                      - "2001:db8::1"
                      - '198.51.100.1'
                      - 2001:db8::2
            """);
        var flow = ConfigTestFiles.LoadBody("""
            services:
              - name: web
                ports: [ { name: http, port: 80 } ]
                source: { static: { addresses: [ 192.0.2.1, "2001:db8::1", '198.51.100.1', 2001:db8::2 ] } }
            """);

        Assert.True(block.IsValid, ConfigTestFiles.Describe(block));
        Assert.True(flow.IsValid, ConfigTestFiles.Describe(flow));
        Assert.Equal(block.Config!.Services[0].Ports, flow.Config!.Services[0].Ports);
        var addresses = Assert.IsType<StaticSourceSpec>(block.Config.Services[0].Source).Addresses;
        Assert.Equal(["192.0.2.1", "2001:db8::1", "198.51.100.1", "2001:db8::2"], addresses);
        Assert.Equal(addresses, Assert.IsType<StaticSourceSpec>(flow.Config.Services[0].Source).Addresses);
    }

    [Fact]
    public void Diagnostics_are_sorted_by_line_then_path()
    {
        var result = ConfigTestFiles.LoadBody("""
            services:
              - name: Web
                ports: [ { port: 0, protocol: tcp } ]
                source: { static: { addresses: [ 192.0.2.1 ] } }
            kind: Other
            """);

        Assert.Equal(
            [("services[0].name", 4), ("services[0].ports[0].port", 5), ("services[0].ports[0].protocol", 5), ("kind", 7)],
            ConfigTestFiles.Locations(result.Errors));
    }
}
