using ExternalEndpointSync.Registrations;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations;

/// <summary>Every duration and count has bounds (<see cref="ConfigBounds"/>): values that validated and then crashed or spun are refused.</summary>
public sealed class ValueBoundsTests
{
    [Theory]
    [InlineData("resyncInterval: 2000h", "services[0].resyncInterval", "must be between 1s and 24h, not 2000h")]
    [InlineData("resyncInterval: 1ms", "services[0].resyncInterval", "must be between 1s and 24h, not 1ms")]
    [InlineData("healthCheck: { type: tcp, interval: 2000h, timeout: 1s }", "services[0].healthCheck.interval", "must be between 1s and 1h, not 2000h")]
    [InlineData("healthCheck: { type: tcp, interval: 1h, timeout: 2000h }", "services[0].healthCheck.timeout", "must be between 10ms and 5m, not 2000h")]
    [InlineData("healthCheck: { type: tcp, timeout: 1ms }", "services[0].healthCheck.timeout", "must be between 10ms and 5m, not 1ms")]
    [InlineData("healthCheck: { type: tcp, healthyThreshold: 2000000000 }", "services[0].healthCheck.healthyThreshold", "must be between 1 and 100, not 2000000000")]
    [InlineData("healthCheck: { type: tcp, unhealthyThreshold: 101 }", "services[0].healthCheck.unhealthyThreshold", "must be between 1 and 100, not 101")]
    [InlineData("publish: { maxEndpointsPerSlice: 1001 }", "services[0].publish.maxEndpointsPerSlice", "must be between 1 and 1000")]
    public void A_service_value_out_of_bounds_is_refused(string field, string path, string message)
    {
        var result = ConfigTestFiles.LoadBody($"services:\n  - name: web\n    ports: [ {{ port: 80 }} ]\n    source: {{ static: {{ addresses: [ 192.0.2.1 ] }} }}\n    {field}\n");

        ConfigTestFiles.SingleError(result, path, 7, message);
    }

    [Theory]
    [InlineData("retries: 2000000000", "retries", "must be between 0 and 10, not 2000000000")]
    [InlineData("timeout: 2000h", "timeout", "must be between 10ms and 1m, not 2000h")]
    [InlineData("minTtl: 0s", "minTtl", "must be between 1s and 24h, not 0s")]
    [InlineData("maxTtl: 2000h", "maxTtl", "must be between 1s and 24h, not 2000h")]
    [InlineData("emptyAfter: 2000000000", "emptyAfter", "must be between 1 and 1000, not 2000000000")]
    public void A_dns_value_out_of_bounds_is_refused(string field, string key, string message)
    {
        var result = ConfigTestFiles.LoadBody($"services:\n  - name: web\n    ports: [ {{ port: 80 }} ]\n    source:\n      dns: {{ name: db.example.com, {field} }}\n");

        Assert.Contains(result.Errors, error => error.Path == $"services[0].source.dns.{key}" && error.Line == 7 && error.Message.Contains(message, StringComparison.Ordinal));
        Assert.Null(result.Config);
    }

    [Theory]
    [InlineData("wait: 500ms", "must be between 1s and 10m, not 500ms")]
    [InlineData("wait: 2000h", "must be between 1s and 10m, not 2000h")]
    public void A_consul_wait_out_of_bounds_is_refused(string field, string message)
    {
        var result = ConfigTestFiles.LoadBody($"consul: {{ {field} }}\nservices: []\n");

        ConfigTestFiles.SingleError(result, "consul.wait", 3, message);
    }

    [Fact]
    public void The_bounds_themselves_are_accepted()
    {
        var result = ConfigTestFiles.LoadBody("""
            services:
              - name: web
                ports: [ { port: 80 } ]
                source: { dns: { name: db.example.com, retries: 10, timeout: 1m, minTtl: 1s, maxTtl: 24h, emptyAfter: 1000 } }
                resyncInterval: 24h
                healthCheck: { type: tcp, interval: 1h, timeout: 5m, healthyThreshold: 100, unhealthyThreshold: 1 }
              - name: fast
                ports: [ { port: 80 } ]
                source: { static: { addresses: [ 192.0.2.1 ] } }
                resyncInterval: 1s
                healthCheck: { type: tcp, interval: 1s, timeout: 10ms }
            """);

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
    }
}
