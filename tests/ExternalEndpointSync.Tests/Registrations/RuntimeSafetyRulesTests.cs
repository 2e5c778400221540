using Xunit;

namespace ExternalEndpointSync.Tests.Registrations;

/// <summary>Values that validated and then were always wrong at run time, and the leniencies decided as warnings.</summary>
public sealed class RuntimeSafetyRulesTests
{
    private static string Entry(string extra, string addresses = "[ 192.0.2.1 ]") =>
        $"services:\n  - name: web\n    ports: [ {{ port: 80 }} ]\n    source: {{ static: {{ addresses: {addresses} }} }}\n{extra}";

    [Theory]
    [InlineData("\"example.com\\r\\nX-Injected: 1\"")]
    [InlineData("\"exa mple.com\"")]
    [InlineData("\"\"")]
    public void An_http_host_with_control_characters_or_spaces_is_refused(string host)
    {
        var result = ConfigTestFiles.LoadBody(Entry($"    healthCheck: {{ type: http, http: {{ host: {host} }} }}\n"));

        ConfigTestFiles.SingleError(result, "services[0].healthCheck.http.host", 7, "without spaces or control characters");
    }

    [Fact]
    public void Annotations_over_256_KiB_in_total_are_refused()
    {
        var value = new string('v', 100 * 1024);
        var result = ConfigTestFiles.LoadBody(Entry($"    annotations: {{ a: {value}, b: {value}, c: {value} }}\n"));

        ConfigTestFiles.SingleError(result, "services[0].annotations", 7, "more than the API server's limit of 262144");
    }

    [Theory]
    [InlineData("http://user:pass@127.0.0.1:8500", "must not contain a user name or password (\"http://(redacted)@127.0.0.1:8500\")")]
    [InlineData("http://127.0.0.1:8500/consul", "without a path")]
    [InlineData("http://127.0.0.1:8500/?dc=x", "without a path, query or fragment")]
    public void A_consul_address_with_credentials_or_a_path_is_refused(string address, string message)
    {
        var result = ConfigTestFiles.LoadBody($"consul: {{ address: \"{address}\" }}\nservices: []\n");

        var error = ConfigTestFiles.SingleError(result, "consul.address", 3, message);
        Assert.DoesNotContain(":pass@", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("192.0.2.10:8080", "without a port")]
    [InlineData("\"[2001:db8::1]\"", "without brackets")]
    public void A_static_address_written_with_a_port_or_brackets_is_refused_with_what_is_wrong(string address, string message)
    {
        var result = ConfigTestFiles.LoadBody(Entry("", $"[ {address} ]"));

        var error = ConfigTestFiles.SingleError(result, "services[0].source.static.addresses[0]", 6, message);
        Assert.DoesNotContain("IPv6 address\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\" 192.0.2.1 \"", "spaces around the address")]
    [InlineData("\"::ffff:192.0.2.1\"", "IPv4-mapped IPv6 address")]
    [InlineData("255.255.255.255", "broadcast address")]
    [InlineData("239.1.1.1", "multicast address")]
    [InlineData("\"ff05::1\"", "multicast address")]
    [InlineData("10.96.0.1", "default Kubernetes Service network")]
    public void A_doubtful_static_address_is_a_warning(string address, string message)
    {
        var result = ConfigTestFiles.LoadBody(Entry("", $"[ {address} ]"));

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("services[0].source.static.addresses[0]", 6), (warning.Path, warning.Line));
        Assert.Contains(message, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_label_value_is_a_warning_and_becomes_empty()
    {
        var result = ConfigTestFiles.LoadBody(Entry("    labels: { tier: }\n"));

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        Assert.Equal(("services[0].labels.tier", 7), (Assert.Single(result.Warnings).Path, result.Warnings[0].Line));
        Assert.Equal("", result.Config!.Services[0].Labels["tier"]);
    }

    [Fact]
    public void Registering_into_kube_system_is_a_warning()
    {
        var result = ConfigTestFiles.LoadBody(Entry("    namespace: kube-system\n"));

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        Assert.Equal(("services[0].namespace", 7), (Assert.Single(result.Warnings).Path, result.Warnings[0].Line));
    }
}
