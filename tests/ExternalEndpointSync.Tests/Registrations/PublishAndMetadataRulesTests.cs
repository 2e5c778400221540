using Xunit;

namespace ExternalEndpointSync.Tests.Registrations;

/// <summary>Rules on <c>publish</c>, <c>labels</c> and <c>annotations</c>.</summary>
public sealed class PublishAndMetadataRulesTests
{
    private static string WithField(string field) => $$"""
        services:
          - name: web
            ports: [ { name: http, port: 80 } ]
            source: { static: { addresses: [ 192.0.2.1 ] } }
        {{field}}
        """;

    [Theory]
    [InlineData("    publish: { maxEndpointsPerSlice: 0 }", "services[0].publish.maxEndpointsPerSlice", 7, "between 1 and 1000")]
    [InlineData("    publish: { maxEndpointsPerSlice: 1001 }", "services[0].publish.maxEndpointsPerSlice", 7, "between 1 and 1000")]
    [InlineData("    publish:\n      endpoints: false\n      endpointSlices: false", "services[0].publish.endpointSlices", 9, "nothing would carry the addresses")]
    [InlineData("    publish: { endpointSlices: false, endpoints: true }", "services[0].publish.endpointSlices", 7, "is not supported: kube-proxy routes by EndpointSlices")]
    [InlineData("    labels: { \"team/\": a }", "services[0].labels[\"team/\"]", 7, "label key must be a qualified name")]
    [InlineData("    labels: { team: \"a b\" }", "services[0].labels.team", 7, "must be a label value")]
    [InlineData("    labels: { team: [ a ] }", "services[0].labels.team", 7, "must be a string, not a list")]
    [InlineData("    labels:\n      app: web\n      externalendpoints.io/owner: someone-else", "services[0].labels[\"externalendpoints.io/owner\"]", 9, "cannot be overridden")]
    [InlineData("    annotations: { \"-bad\": x }", "services[0].annotations[\"-bad\"]", 7, "annotation key must be a qualified name")]
    public void An_invalid_field_is_reported_at_its_path_and_line(string field, string path, int line, string text)
    {
        ConfigTestFiles.SingleError(ConfigTestFiles.LoadBody(WithField(field)), path, line, text);
    }

    [Fact]
    public void An_ExternalName_service_may_publish_neither_endpoints_nor_slices()
    {
        var result = ConfigTestFiles.LoadBody("""
            services:
              - name: docs
                type: ExternalName
                externalName: docs.example.com
                publish: { endpointSlices: false, endpoints: false }
            """);

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
    }

    [Fact]
    public void Labels_annotations_and_publish_reach_the_model()
    {
        var result = ConfigTestFiles.LoadBody(WithField("""
                publish: { endpointSlices: true, endpoints: true, maxEndpointsPerSlice: 1000 }
                labels: { app.kubernetes.io/part-of: shop, tier: "" }
                annotations: { example.com/contact: "team-a@example.com, #shop" }
            """));

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        var service = result.Config!.Services[0];
        Assert.Equal((true, true, 1000), (service.Publish.EndpointSlices, service.Publish.Endpoints, service.Publish.MaxEndpointsPerSlice));
        Assert.Equal(new Dictionary<string, string> { ["app.kubernetes.io/part-of"] = "shop", ["tier"] = "" }, service.Labels);
        Assert.Equal(new Dictionary<string, string> { ["example.com/contact"] = "team-a@example.com, #shop" }, service.Annotations);
    }
}
