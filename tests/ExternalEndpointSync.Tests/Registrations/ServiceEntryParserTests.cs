using ExternalEndpointSync.Model;
using ExternalEndpointSync.Registrations;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations;

/// <summary>The entry parser on its own, as the <c>ExternalService</c> custom resource uses it.</summary>
public sealed class ServiceEntryParserTests
{
    private static readonly ServiceEntryOptions FromObject = new() { Namespace = "payments", Origin = new ResourceOrigin("payments", "orders-db", "uid-1", 3) };

    [Fact]
    public void A_json_spec_parses_into_the_same_model_as_a_file_entry()
    {
        const string Spec = """
            {
              "name": "orders-db",
              "ports": [ { "name": "postgres", "port": 5432, "appProtocol": "postgresql" } ],
              "source": { "dns": { "name": "orders-db.prod.example.com", "type": "A+AAAA" } },
              "healthCheck": { "type": "postgres", "interval": "10s", "timeout": "2s" },
              "publish": { "endpoints": true },
              "labels": { "team": "payments" }
            }
            """;

        var result = ServiceEntryParser.ParseText(Spec, "spec", FromObject);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var spec = result.Spec!;
        Assert.Equal(new ServiceKey("payments", "orders-db"), spec.Key);
        Assert.Equal(new ResourceOrigin("payments", "orders-db", "uid-1", 3), spec.Origin);
        Assert.Equal(new ServicePortSpec { Name = "postgres", Port = 5432, AppProtocol = "postgresql" }, Assert.Single(spec.Ports));
        var dns = Assert.IsType<DnsSourceSpec>(spec.Source);
        Assert.Equal(("orders-db.prod.example.com", DnsRecordType.AAndAAAA), (dns.Name.Value, dns.Type));
        Assert.Equal((HealthCheckType.Postgres, TimeSpan.FromSeconds(10)), (spec.HealthCheck.Type, spec.HealthCheck.Interval));
        Assert.True(spec.Publish.Endpoints);
        Assert.Equal("payments", spec.Labels["team"]);
    }

    [Fact]
    public void Errors_carry_paths_under_the_given_root_and_lines_of_the_text()
    {
        const string Spec = """
            {
              "name": "orders-db",
              "namespace": "other",
              "ports": [ { "name": "postgres", "port": "5432" } ],
              "source": { "static": { "addresses": [ "192.0.2.1" ] } },
              "healthCheck": { "type": "postgres", "intervall": "10s" }
            }
            """;

        var result = ServiceEntryParser.ParseText(Spec, "spec", FromObject);

        Assert.Null(result.Spec);
        Assert.Equal(
            [("spec.namespace", 3), ("spec.ports[0].port", 4), ("spec.healthCheck.intervall", 6)],
            ConfigTestFiles.Locations(result.Errors));
        Assert.Contains("the object's own", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("did you mean \"interval\"?", result.Errors[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_taken_from_the_object_forbids_a_name_field()
    {
        var options = FromObject with { Name = "orders-db" };

        var valid = ServiceEntryParser.ParseText("""{ "type": "ExternalName", "externalName": "db.example.com" }""", "spec", options);
        var invalid = ServiceEntryParser.ParseText("""{ "name": "x", "type": "ExternalName", "externalName": "db.example.com" }""", "spec", options);

        Assert.Equal("orders-db", valid.Spec!.Name);
        Assert.Equal([("spec.name", 1)], ConfigTestFiles.Locations(invalid.Errors));
    }

    [Fact]
    public void Warnings_do_not_prevent_a_result()
    {
        var result = ServiceEntryParser.ParseText(
            """{ "name": "web", "ports": [ { "port": 80 } ], "source": { "static": { "addresses": [ "192.0.2.1", "169.254.169.254" ] } } }""",
            "spec",
            FromObject);

        Assert.True(result.IsValid);
        Assert.NotNull(result.Spec);
        Assert.Equal([("spec.source.static.addresses[1]", 1)], ConfigTestFiles.Locations(result.Warnings));
    }

    [Theory]
    [InlineData("", "spec", 0)]
    [InlineData("[ 1, 2 ]", "spec", 1)]
    [InlineData("{ \"name\": \"web\", ", ConfigPath.Syntax, 2)]
    public void Text_that_is_no_entry_is_one_error(string text, string path, int line)
    {
        var result = ServiceEntryParser.ParseText(text, "spec", FromObject);

        var error = Assert.Single(result.Errors);
        Assert.Equal((path, line), (error.Path, error.Line));
        Assert.Null(result.Spec);
    }
}
