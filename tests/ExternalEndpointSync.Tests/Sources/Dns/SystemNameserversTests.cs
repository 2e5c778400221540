using System.Net;
using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;
using ExternalEndpointSync.Sources.Dns;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace ExternalEndpointSync.Tests.Sources.Dns;

/// <summary>The system resolver's name servers come from resolv.conf (a temp file here); nothing is sent anywhere.</summary>
public sealed class SystemNameserversTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ees-resolv-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Loopback_and_ipv6_name_servers_are_kept_and_everything_else_in_the_file_is_ignored()
    {
        var path = Write("# generated\nsearch example.internal\nnameserver 127.0.0.53\noptions edns0 trust-ad\nnameserver ::1\nnameserver not-an-address\n");

        var servers = SystemNameservers.Read(path);

        Assert.Equal([new IPEndPoint(IPAddress.Parse("127.0.0.53"), 53), new IPEndPoint(IPAddress.IPv6Loopback, 53)], servers);
        Assert.Equal(servers, new LookupClientFactory(path).Create(new DnsLookupSettings([], TimeSpan.FromSeconds(1), 0)).NameServers.Select(static n => new IPEndPoint(IPAddress.Parse(n.Address), n.Port)));
    }

    [Fact]
    public async Task A_host_without_a_usable_system_resolver_fails_the_dns_service_with_a_clear_configuration_error()
    {
        var noServers = Write("search example.internal\n");
        var missing = Path.Combine(_directory, "absent.conf");
        var service = new ExternalServiceSpec
        {
            Name = "db",
            Ports = [new ServicePortSpec { Port = 5432 }],
            Source = new DnsSourceSpec { Name = DnsName.Parse("db.example.internal"), Type = DnsRecordType.A },
        };

        var results = new List<SourceResult>();
        foreach (var path in new[] { noServers, missing })
        {
            var source = new DnsSource(new FakeTimeProvider(), NullLogger<DnsSource>.Instance, new LookupClientFactory(path));
            results.Add(await source.ResolveAsync(service, CancellationToken.None));
        }

        Assert.Equal($"the system resolver cannot be used: {noServers} lists no name server; set nameservers on the DNS source (or consul.nameservers)", results[0].Error);
        Assert.StartsWith($"the system resolver cannot be used: {missing} cannot be read (", results[1].Error, StringComparison.Ordinal);
        Assert.All(results, r =>
        {
            Assert.True(r.IsConfigurationError);
            Assert.Null(r.Endpoints);
            Assert.DoesNotContain("(Parameter", r.Error, StringComparison.Ordinal);
        });
    }

    private string Write(string text)
    {
        var path = Path.Combine(_directory, $"resolv-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, text);
        return path;
    }
}
