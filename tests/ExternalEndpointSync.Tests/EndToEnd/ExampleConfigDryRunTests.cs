using System.Net;
using System.Text.Json;
using ExternalEndpointSync.Health;
using ExternalEndpointSync.Sources.Dns;
using ExternalEndpointSync.Tests.Registrations;
using ExternalEndpointSync.TestSupport.Consul;
using ExternalEndpointSync.TestSupport.Dns;
using DnsClient;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ExternalEndpointSync.Tests.EndToEnd;

/// <summary>
/// Every file in <c>config/</c> through <c>sync --once --dry-run</c>, the way a newcomer first runs
/// it: no cluster, so everything is planned as a create. What the files point at is answered
/// here: one dnsmasq for every DNS name, a Consul double for the Consul services (and a token
/// file for it), and no probes, since the example addresses are documentation ranges.
/// </summary>
public sealed class ExampleConfigDryRunTests : IAsyncLifetime
{
    private readonly DirectoryInfo files = Directory.CreateTempSubdirectory("ees-examples-");
    private DnsmasqServer dns = null!;
    private ConsulDouble consul = null!;

    public static TheoryData<string, int, int> Examples() => new()
    {
        // file, services, objects a first sync creates: a Service each, and a slice per address family.
        // examples.yaml: docs is an ExternalName Service only; ldap one slice; legacy-api and mail
        // are dual-stack; billing adds legacy Endpoints.
        { "examples.yaml", 5, 1 + 2 + 3 + 3 + 3 },
        // dns.yaml: orders-db resolves A and AAAA; reports-db and ldap (the SRV target) IPv4 only.
        { "dns.yaml", 3, 3 + 2 + 2 },
        // health-checks.yaml: sessions is dual-stack, the other five IPv4 only.
        { "health-checks.yaml", 6, 3 + (5 * 2) },
        { "consul.yaml", 3, 3 * 2 },
        // external-services.yaml: its policy is for ExternalServices; its one service, docs, is an ExternalName Service.
        { "external-services.yaml", 1, 1 },
    };

    public async Task InitializeAsync()
    {
        dns = await DnsmasqServer.StartAsync(new DnsmasqRecords()
            .LocalDomain("example.com")
            .Host("orders-db.prod.example.com", 30, "192.0.2.61", "2001:db8::61")
            .Host("reports.db.example.com", 30, "192.0.2.62")
            .Host("ldap1.example.com", 30, "192.0.2.63")
            .Srv("_ldap._tcp.example.com", "ldap1.example.com", 389));
        consul = await ConsulDouble.StartAsync();
        consul.Register("redis", new ConsulDoubleInstance { Id = "redis-1", Address = "192.0.2.71", Port = 6379, Tags = ["primary"] });
        consul.Register("elasticsearch", new ConsulDoubleInstance { Id = "es-1", Address = "192.0.2.72", Port = 9200 });
        consul.Register("payments-api", new ConsulDoubleInstance { Id = "pay-1", Address = "192.0.2.73", Port = 9090 });
    }

    public async Task DisposeAsync()
    {
        await consul.DisposeAsync();
        await dns.DisposeAsync();
        files.Delete(recursive: true);
    }

    [Fact]
    public void Every_example_file_is_covered()
    {
        var covered = Examples().Select(static row => (string)row[0]).Order(StringComparer.Ordinal);
        var present = Directory.EnumerateFiles(ConfigTestFiles.ExamplesDirectory, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(present, covered);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Sync_once_dry_run_of_an_example_exits_0_and_plans_every_service(string file, int services, int created)
    {
        var run = await CliRun.RunAsync(
            new CliRunSettings { Services = AnsweredHere },
            ["sync", "--once", "--dry-run", "--output", "report-json", "--config", await LocalCopyAsync(file)]);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var report = JsonDocument.Parse(run.Output);
        var root = report.RootElement;
        var counts = root.GetProperty("counts");
        Assert.True(root.GetProperty("dryRun").GetBoolean());
        Assert.StartsWith("no reachable cluster", root.GetProperty("clusterNote").GetString(), StringComparison.Ordinal);
        Assert.Equal(services, counts.GetProperty("services").GetInt32());
        Assert.Equal(0, counts.GetProperty("failed").GetInt32());
        Assert.Equal(created, counts.GetProperty("created").GetInt32());
        Assert.Equal(0, counts.GetProperty("updated").GetInt32() + counts.GetProperty("deleted").GetInt32());
        Assert.All(root.GetProperty("services").EnumerateArray(), service => Assert.Equal("synced", service.GetProperty("status").GetString()));
    }

    private void AnsweredHere(IServiceCollection services)
    {
        services.AddSingleton<ILookupClientFactory>(new LocalNameserver(IPEndPoint.Parse(dns.Nameserver)));
        services.AddSingleton<IHealthStage>(new SourceHealthStage());
    }

    /// <summary>
    /// The file as it is, but for the Consul agent it names, the pod's files that do not exist
    /// here, and the second datacenter the double does not have.
    /// </summary>
    private async Task<string> LocalCopyAsync(string file)
    {
        var token = Path.Combine(files.FullName, "consul-token");
        await File.WriteAllTextAsync(token, "example-token");
        var lines = (await File.ReadAllLinesAsync(Path.Combine(ConfigTestFiles.ExamplesDirectory, file)))
            .Where(static line => !line.TrimStart().StartsWith("caFile:", StringComparison.Ordinal))
            .Select(line => line.TrimStart() switch
            {
                var l when l.StartsWith("address: https://consul", StringComparison.Ordinal) => $"  address: {consul.Address}",
                var l when l.StartsWith("tokenFile:", StringComparison.Ordinal) => $"  tokenFile: {token}",
                var l when l.StartsWith("datacenter: dc2", StringComparison.Ordinal) => line.Replace("dc2", "dc1", StringComparison.Ordinal),
                _ => line,
            });
        var path = Path.Combine(files.FullName, file);
        await File.WriteAllLinesAsync(path, lines);
        return path;
    }

    /// <summary>Every lookup asks the local dnsmasq, whatever name servers the file names.</summary>
    private sealed class LocalNameserver(IPEndPoint nameserver) : ILookupClientFactory
    {
        private readonly LookupClientFactory inner = new();

        public ILookupClient Create(DnsLookupSettings settings) => inner.Create(settings with { Nameservers = [nameserver] });
    }
}
