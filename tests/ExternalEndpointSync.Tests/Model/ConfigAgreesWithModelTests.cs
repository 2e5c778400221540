using ExternalEndpointSync.Model;
using ExternalEndpointSync.Tests.Registrations;
using Xunit;

namespace ExternalEndpointSync.Tests.Model;

/// <summary>
/// The configuration file and the stages behind it once disagreed (the file refused <c>[::1]</c>
/// as a name server that the DNS source took; the probe took <c>"200 - 299"</c> that the file
/// refused). Both now use one parser: a value the file accepts is exactly a value the type
/// accepts, and what the stages get is that type.
/// </summary>
public sealed class ConfigAgreesWithModelTests
{
    private static bool LoadsWithNameserver(string nameserver) =>
        ConfigTestFiles.LoadBody($$"""
            services:
              - name: web
                ports: [ { port: 80 } ]
                source: { dns: { name: db.example.com, nameservers: [ "{{nameserver}}" ] } }
            """).IsValid;

    private static bool LoadsWithConsulNameserver(string nameserver) =>
        ConfigTestFiles.LoadBody($$"""
            consul: { nameservers: [ "{{nameserver}}" ] }
            services:
              - name: web
                ports: [ { port: 80 } ]
                source: { consul: { service: web } }
            """).IsValid;

    private static bool LoadsWithStatus(string status) =>
        ConfigTestFiles.LoadBody($$"""
            services:
              - name: web
                ports: [ { port: 80 } ]
                source: { static: { addresses: [ 192.0.2.1 ] } }
                healthCheck: { type: http, http: { expectedStatuses: [ "{{status}}" ] } }
            """).IsValid;

    private static bool LoadsWithDnsName(string name) =>
        ConfigTestFiles.LoadBody($$"""
            services:
              - name: web
                ports: [ { port: 80 } ]
                source: { dns: { name: "{{name}}" } }
            """).IsValid;

    private static bool LoadsWithServerName(string name) =>
        ConfigTestFiles.LoadBody($$"""
            services:
              - name: web
                ports: [ { port: 443 } ]
                source: { static: { addresses: [ 192.0.2.1 ] } }
                healthCheck: { type: tls, tls: { serverName: "{{name}}" } }
            """).IsValid;

    private static bool LoadsWithConsulAddress(string address) =>
        ConfigTestFiles.LoadBody($$"""
            consul: { address: "{{address}}" }
            services:
              - name: web
                ports: [ { port: 80 } ]
                source: { consul: { service: web } }
            """).IsValid;

    [Theory]
    [InlineData("[::1]")]
    [InlineData("[::1]:53")]
    [InlineData("::1")]
    [InlineData("192.0.2.53:5353")]
    [InlineData("192.0.2.53:0")]
    [InlineData("dns.example.com")]
    [InlineData("10")]
    public void Name_servers_are_accepted_by_the_file_exactly_when_the_type_accepts_them(string text)
    {
        var accepted = Nameserver.TryParse(text, out _);
        Assert.Equal(accepted, LoadsWithNameserver(text));
        Assert.Equal(accepted, LoadsWithConsulNameserver(text));
    }

    [Theory]
    [InlineData("200 - 299")]
    [InlineData("200-299")]
    [InlineData("204")]
    [InlineData("0200")]
    [InlineData("2xx")]
    public void Statuses_are_accepted_by_the_file_exactly_when_the_type_accepts_them(string text) =>
        Assert.Equal(StatusRange.TryParse(text, out _), LoadsWithStatus(text));

    [Theory]
    [InlineData("db.example.com")]
    [InlineData("db.example.com.")]
    [InlineData("_pg._tcp.example.com")]
    [InlineData("db..example.com")]
    [InlineData("a b")]
    public void Dns_names_are_accepted_by_the_file_exactly_when_the_type_accepts_them(string text)
    {
        var accepted = DnsName.TryParse(text, out _);
        Assert.Equal(accepted, LoadsWithDnsName(text));
        Assert.Equal(accepted, LoadsWithServerName(text));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8500")]
    [InlineData("https://consul.example.com:8501/")]
    [InlineData("unix:///var/run/consul.sock")]
    [InlineData("http://127.0.0.1:8500/v1")]
    [InlineData("http://user:pw@127.0.0.1:8500")]
    public void Consul_addresses_are_accepted_by_the_file_exactly_when_the_type_accepts_them(string text) =>
        Assert.Equal(ConsulAddress.TryParse(text, out _, out _), LoadsWithConsulAddress(text));

    private static bool LoadsWithRefusedCidr(string cidr) =>
        ConfigTestFiles.LoadBody($$"""
            externalServices: { refusedCidrs: [ "{{cidr}}" ], clusterNetworks: { podCidrs: [ "{{cidr}}" ] } }
            services:
              - name: web
                ports: [ { port: 80 } ]
                source: { static: { addresses: [ 192.0.2.1 ] } }
            """).IsValid;

    [Theory]
    [InlineData("10.244.0.0/16")]
    [InlineData("0.0.0.0/0")]
    [InlineData("fd00:10:96::/112")]
    [InlineData("10.244.0.1/16")]
    [InlineData("10.244.0.0/016")]
    [InlineData("10.244.0.0")]
    [InlineData("::ffff:10.0.0.0/104")]
    [InlineData("[fd00::]/8")]
    public void Cidrs_are_accepted_by_the_file_exactly_when_the_type_accepts_them(string text) =>
        Assert.Equal(CidrNotation.TryParse(text, out _, out _), LoadsWithRefusedCidr(text));
}
