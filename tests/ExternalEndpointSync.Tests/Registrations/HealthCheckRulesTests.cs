using ExternalEndpointSync.Model;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations;

/// <summary>Rules on <c>healthCheck</c> and its probe sections.</summary>
public sealed class HealthCheckRulesTests
{
    private static string WithHealthCheck(string healthCheck) => $$"""
        services:
          - name: web
            ports: [ { name: http, port: 80 } ]
            source: { static: { addresses: [ 192.0.2.1 ] } }
            healthCheck:
        {{healthCheck}}
        """;

    [Theory]
    [InlineData("      type: HTTP", "services[0].healthCheck.type", 8, "did you mean \"http\"?")]
    [InlineData("      type: grpc", "services[0].healthCheck.type", 8, "must be one of none, tcp, http, https, tls, postgres, redis")]
    [InlineData("      type: tcp\n      port: 0", "services[0].healthCheck.port", 9, "between 1 and 65535")]
    [InlineData("      type: tcp\n      interval: 10", "services[0].healthCheck.interval", 9, "a bare number has no unit")]
    [InlineData("      type: tcp\n      timeout: 0s", "services[0].healthCheck.timeout", 9, "must be between 10ms and 5m, not 0s")]
    [InlineData("      type: tcp\n      interval: 0s", "services[0].healthCheck.interval", 9, "must be between 1s and 1h, not 0s")]
    [InlineData("      type: tcp\n      interval: 1s\n      timeout: 2s", "services[0].healthCheck.timeout", 10, "timeout (2s) must not be longer than interval (1s)")]
    [InlineData("      type: tcp\n      interval: 1s", "services[0].healthCheck.timeout", 9, "timeout (2s) must not be longer than interval (1s)")]
    [InlineData("      type: tcp\n      healthyThreshold: 0", "services[0].healthCheck.healthyThreshold", 9, "must be between 1 and 100, not 0")]
    [InlineData("      type: tcp\n      unhealthyThreshold: -1", "services[0].healthCheck.unhealthyThreshold", 9, "must be between 1 and 100, not -1")]
    [InlineData("      type: tcp\n      unhealthy: drop", "services[0].healthCheck.unhealthy", 9, "must be one of notReady, remove")]
    [InlineData("      type: tcp\n      initialState: Healthy", "services[0].healthCheck.initialState", 9, "did you mean \"healthy\"?")]
    [InlineData("      type: tcp\n      panic: 1", "services[0].healthCheck.panic", 9, "must be true or false")]
    [InlineData("      type: http\n      http: { expectedStatuses: [ 200, 2xx ] }", "services[0].healthCheck.http.expectedStatuses[1]", 9, "NNN or a range NNN-NNN between 100 and 599")]
    [InlineData("      type: http\n      http: { expectedStatuses: [ 200-600 ] }", "services[0].healthCheck.http.expectedStatuses[0]", 9, "between 100 and 599")]
    [InlineData("      type: http\n      http: { expectedStatuses: [ 399-200 ] }", "services[0].healthCheck.http.expectedStatuses[0]", 9, "NNN-NNN")]
    [InlineData("      type: http\n      http: { expectedStatuses: [] }", "services[0].healthCheck.http.expectedStatuses", 9, "at least one status")]
    [InlineData("      type: http\n      http: { path: healthz }", "services[0].healthCheck.http.path", 9, "must start with '/'")]
    [InlineData("      type: http\n      http: { method: get }", "services[0].healthCheck.http.method", 9, "upper case")]
    [InlineData("      type: https\n      tls: { serverName: \"a b\" }", "services[0].healthCheck.tls.serverName", 9, "must be a DNS name")]
    [InlineData("      type: postgres\n      postgres: { databse: app }", "services[0].healthCheck.postgres.databse", 9, "did you mean \"database\"?")]
    [InlineData("      type: redis\n      redis: { password: secret }", "services[0].healthCheck.redis.password", 9, "unknown field")]
    public void An_invalid_health_check_is_reported_at_its_path_and_line(string healthCheck, string path, int line, string text)
    {
        ConfigTestFiles.SingleError(ConfigTestFiles.LoadBody(WithHealthCheck(healthCheck)), path, line, text);
    }

    [Fact]
    public void A_probe_needs_a_port_when_the_service_declares_none()
    {
        var result = ConfigTestFiles.LoadBody("""
            services:
              - name: members
                type: Headless
                source: { dns: { name: members.example.com } }
                healthCheck: { type: tcp }
            """);

        ConfigTestFiles.SingleError(result, "services[0].healthCheck.port", 7, "is required when the service declares no ports");
    }

    [Fact]
    public void Every_field_reaches_the_model()
    {
        var result = ConfigTestFiles.LoadBody(WithHealthCheck("""
                  type: https
                  port: 8443
                  interval: 30s
                  timeout: 1500ms
                  healthyThreshold: 1
                  unhealthyThreshold: 5
                  unhealthy: remove
                  initialState: unhealthy
                  panic: false
                  http: { method: HEAD, path: /healthz, expectedStatuses: [ 200, 300-399 ], host: web.example.com }
                  tls: { serverName: web.example.com, caFile: /etc/ca.pem, insecureSkipVerify: true }
                  postgres: { user: probe, database: app, passwordFile: /run/pg }
                  redis: { username: probe, passwordFile: /run/redis }
            """));

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        var check = result.Config!.Services[0].HealthCheck;
        Assert.Equal(
            (HealthCheckType.Https, (int?)8443, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(1500), 1, 5, UnhealthyAction.Remove, false, false),
            (check.Type, check.Port, check.Interval, check.Timeout, check.HealthyThreshold, check.UnhealthyThreshold, check.Unhealthy, check.InitialHealthy, check.Panic));
        Assert.Equal(("HEAD", "/healthz", "web.example.com"), (check.Http.Method, check.Http.Path, check.Http.Host));
        Assert.Equal(["200", "300-399"], check.Http.ExpectedStatuses.Select(static range => range.ToString()));
        Assert.Equal(new TlsProbeSpec { ServerName = DnsName.Parse("web.example.com"), CaFile = "/etc/ca.pem", InsecureSkipVerify = true }, check.Tls);
        Assert.Equal(new PostgresProbeSpec { User = "probe", Database = "app", PasswordFile = "/run/pg" }, check.Postgres);
        Assert.Equal(new RedisProbeSpec { Username = "probe", PasswordFile = "/run/redis" }, check.Redis);
    }

    [Fact]
    public void Unset_fields_keep_the_model_defaults()
    {
        var result = ConfigTestFiles.LoadBody(WithHealthCheck("      type: http"));

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        var check = result.Config!.Services[0].HealthCheck;
        Assert.Equal(HealthCheckSpec.None with { Type = HealthCheckType.Http, Http = check.Http }, check);
        Assert.Equal(("GET", "/", null), (check.Http.Method, check.Http.Path, check.Http.Host));
        Assert.Equal(["200-399"], check.Http.ExpectedStatuses.Select(static range => range.ToString()));
    }
}
