using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources.Dns;
using ExternalEndpointSync.TestSupport.Dns;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExternalEndpointSync.Tests.Sources.Dns;

/// <summary>Registrations and sources pointed at a test dnsmasq; every name lives under <see cref="Zone"/>.</summary>
internal static class DnsTestServices
{
    public const string Zone = "eps.test";

    public static DnsmasqRecords Records() => new DnsmasqRecords().LocalDomain(Zone);

    public static DnsSource NewSource(TimeProvider time) => new(time, NullLogger<DnsSource>.Instance, new LookupClientFactory());

    public static ExternalServiceSpec Service(DnsmasqServer dns, string name, DnsRecordType type = DnsRecordType.A, Func<DnsSourceSpec, DnsSourceSpec>? adjust = null)
    {
        var source = new DnsSourceSpec
        {
            Name = DnsName.Parse(name),
            Type = type,
            Nameservers = [Nameserver.Parse(dns.Nameserver)],
            Timeout = TimeSpan.FromMilliseconds(300),
            Retries = 1,
        };
        return new ExternalServiceSpec
        {
            Name = "orders-db",
            Namespace = "payments",
            Ports = [new ServicePortSpec { Name = "postgres", Port = 5432 }],
            Source = adjust is null ? source : adjust(source),
        };
    }
}
