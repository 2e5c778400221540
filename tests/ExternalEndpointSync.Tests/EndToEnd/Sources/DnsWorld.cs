using ExternalEndpointSync.TestSupport.FakeKubernetes;
using ExternalEndpointSync.TestSupport.Dns;

namespace ExternalEndpointSync.Tests.EndToEnd.Sources;

/// <summary>A <see cref="SyncWorld"/> plus a dnsmasq serving the zone <see cref="Zone"/>, and config entries pointed at it.</summary>
public sealed class DnsWorld(FakeApiServerOptions? apiOptions = null) : IAsyncLifetime
{
    public const string Zone = "e2e.test";

    public SyncWorld Sync { get; } = new(apiOptions);

    public DnsmasqServer Dns { get; private set; } = null!;

    /// <summary>Records start with <c>local=/e2e.test/</c>, so unknown names get NXDOMAIN.</summary>
    public static DnsmasqRecords Records() => new DnsmasqRecords().LocalDomain(Zone);

    public async Task InitializeAsync()
    {
        await Sync.InitializeAsync();
        Dns = await DnsmasqServer.StartAsync(Records());
    }

    public async Task DisposeAsync()
    {
        await Dns.DisposeAsync();
        await Sync.DisposeAsync();
    }

    /// <summary>
    /// A DNS service entry asking only this world's dnsmasq. The timeout is short so that a stopped
    /// server fails the service quickly; it changes nothing in what a working server answers.
    /// </summary>
    public string Service(string name, string dnsName, string type = "A", string ports = "[ { name: http, port: 80 } ]") =>
        $"  - name: {name}\n    ports: {ports}\n    source:\n" +
        $"      dns: {{ name: {dnsName}, type: {type}, nameservers: [ \"{Dns.Nameserver}\" ], timeout: 300ms, retries: 1 }}\n";
}
