using ExternalEndpointSync.Model;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations;

/// <summary>Rules on <c>source.static</c>, <c>source.dns</c> and <c>source.consul</c>.</summary>
public sealed class SourceRulesTests
{
    private static string WithSource(string source) => $$"""
        services:
          - name: web
            ports: [ { name: http, port: 80 } ]
            source:
        {{source}}
        """;

    [Theory]
    [InlineData("      static: { addresses: [ 192.0.2.1, 192.0.2 ] }", "services[0].source.static.addresses[1]", 7, "is not a valid IP address: \"192.0.2\"")]
    [InlineData("      static: { addresses: [ 192.0.2.010 ] }", "services[0].source.static.addresses[0]", 7, "leading zeros")]
    [InlineData("      static: { addresses: [ \"2001:db8::g\" ] }", "services[0].source.static.addresses[0]", 7, "is not a valid IPv6 address")]
    [InlineData("      static: { addresses: [ db.example.com ] }", "services[0].source.static.addresses[0]", 7, "is not a valid IP address")]
    [InlineData("      static: { addresses: [] }", "services[0].source.static.addresses", 7, "must list at least one IP address")]
    [InlineData("      static: {}", "services[0].source.static.addresses", 7, "is required")]
    [InlineData("      dns: { type: A }", "services[0].source.dns.name", 7, "is required")]
    [InlineData("      dns: { name: \"db..example.com\" }", "services[0].source.dns.name", 7, "must be a DNS name")]
    [InlineData("      dns: { name: db.example.com, type: CNAME }", "services[0].source.dns.type", 7, "must be one of A, AAAA, A+AAAA, SRV")]
    [InlineData("      dns:\n        name: db.example.com\n        nameservers: [ 192.0.2.53, \"192.0.2.54:5353\", \"[2001:db8::53]:53\", \"2001:db8::54\", dns.example.com ]", "services[0].source.dns.nameservers[4]", 9, "must be an IP address, ip:port or [ipv6]:port")]
    [InlineData("      dns: { name: db.example.com, nameservers: [ \"[2001:db8::53]\" ] }", "services[0].source.dns.nameservers[0]", 7, "must be an IP address, ip:port or [ipv6]:port")]
    [InlineData("      dns:\n        name: db.example.com\n        maxTtl: 1s", "services[0].source.dns.maxTtl", 9, "minTtl (5s) must not be greater than maxTtl (1s)")]
    [InlineData("      dns: { name: db.example.com, emptyAfter: 0 }", "services[0].source.dns.emptyAfter", 7, "must be between 1 and 1000, not 0")]
    [InlineData("      dns: { name: db.example.com, timeout: 0s }", "services[0].source.dns.timeout", 7, "must be between 10ms and 1m, not 0s")]
    [InlineData("      dns: { name: db.example.com, retries: -1 }", "services[0].source.dns.retries", 7, "must be between 0 and 10, not -1")]
    [InlineData("      consul: { tags: [ primary ] }", "services[0].source.consul.service", 7, "is required")]
    [InlineData("      consul: { service: db, onlyPassing: \"true\" }", "services[0].source.consul.onlyPassing", 7, "remove the quotes")]
    [InlineData("      consul: { service: db, tag: primary }", "services[0].source.consul.tag", 7, "did you mean \"tags\"?")]
    [InlineData("      kubernetes: { service: db }", "services[0].source.kubernetes", 7, "unknown field")]
    public void An_invalid_source_is_reported_at_its_path_and_line(string source, string path, int line, string text)
    {
        ConfigTestFiles.SingleError(ConfigTestFiles.LoadBody(WithSource(source)), path, line, text);
    }

    [Fact]
    public void An_SRV_source_needs_a_declared_port()
    {
        var result = ConfigTestFiles.LoadBody("""
            services:
              - name: ldap
                type: Headless
                source:
                  dns: { name: _ldap._tcp.example.com, type: SRV }
            """);

        ConfigTestFiles.SingleError(result, "services[0].source.dns.type", 7, "SRV needs at least one declared port");
    }

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("169.254.10.1", "link-local address")]
    [InlineData("fe80::1", "link-local address")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("224.0.0.251", "link-local multicast")]
    public void An_address_Kubernetes_rejects_is_a_warning_and_stays_in_the_model_for_the_planner_to_drop(string address, string reason)
    {
        var result = ConfigTestFiles.LoadBody(WithSource($"      static: {{ addresses: [ 192.0.2.1, \"{address}\" ] }}"));

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("services[0].source.static.addresses[1]", 7), (warning.Path, warning.Line));
        Assert.Contains(reason, warning.Message, StringComparison.Ordinal);
        Assert.Equal(["192.0.2.1", address], Assert.IsType<StaticSourceSpec>(result.Config!.Services[0].Source).Addresses);
    }

    [Fact]
    public void A_repeated_address_is_a_warning_and_kept_once()
    {
        var result = ConfigTestFiles.LoadBody(WithSource("      static: { addresses: [ 192.0.2.1, \"2001:db8::1\", 192.0.2.1, \"2001:DB8:0::1\" ] }"));

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        Assert.Equal([("services[0].source.static.addresses[2]", 7), ("services[0].source.static.addresses[3]", 7)], ConfigTestFiles.Locations(result.Warnings));
        Assert.Equal(["192.0.2.1", "2001:db8::1"], Assert.IsType<StaticSourceSpec>(result.Config!.Services[0].Source).Addresses);
    }

    [Fact]
    public void Static_addresses_are_kept_in_canonical_form()
    {
        var result = ConfigTestFiles.LoadBody(WithSource("      static: { addresses: [ \" 192.0.2.1\", \"2001:0DB8:0:0::0001\" ] }"));

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        Assert.Equal(["192.0.2.1", "2001:db8::1"], Assert.IsType<StaticSourceSpec>(result.Config!.Services[0].Source).Addresses);
    }

    [Fact]
    public void Every_dns_and_consul_field_reaches_the_model()
    {
        var result = ConfigTestFiles.LoadBody("""
            services:
              - name: db
                ports: [ { name: pg, port: 5432 } ]
                source:
                  dns:
                    name: db.example.com.
                    type: SRV
                    nameservers: [ "192.0.2.53:5353", "[2001:db8::53]:53" ]
                    minTtl: 1s
                    maxTtl: 1m
                    emptyAfter: 5
                    timeout: 500ms
                    retries: 0
              - name: cache
                ports: [ { name: redis, port: 6379 } ]
                source:
                  consul:
                    service: redis
                    tags: [ primary, eu ]
                    datacenter: dc2
                    namespace: team-a
                    partition: part-1
                    onlyPassing: true
                    addressPreference: [ lan_ipv6, lan_ipv4 ]
            """);

        Assert.True(result.IsValid, ConfigTestFiles.Describe(result));
        var dns = Assert.IsType<DnsSourceSpec>(result.Config!.Services[0].Source);
        Assert.Equal(
            new DnsSourceSpec
            {
                Name = DnsName.Parse("db.example.com"),
                Type = DnsRecordType.SRV,
                Nameservers = dns.Nameservers,
                MinTtl = TimeSpan.FromSeconds(1),
                MaxTtl = TimeSpan.FromMinutes(1),
                EmptyAfter = 5,
                Timeout = TimeSpan.FromMilliseconds(500),
                Retries = 0,
            },
            dns);
        Assert.Equal([Nameserver.Parse("192.0.2.53:5353"), Nameserver.Parse("[2001:db8::53]:53")], dns.Nameservers);
        var consul = Assert.IsType<ConsulSourceSpec>(result.Config.Services[1].Source);
        Assert.Equal(("redis", "dc2", "team-a", "part-1", true), (consul.Service, consul.Datacenter, consul.Namespace, consul.Partition, consul.OnlyPassing));
        Assert.Equal(["primary", "eu"], consul.Tags);
        Assert.Equal(["lan_ipv6", "lan_ipv4"], consul.AddressPreference);
    }
}
