using System.Globalization;

namespace ExternalEndpointSync.TestSupport.Dns;

/// <summary>
/// The records a <see cref="DnsmasqServer"/> serves from its configuration file. Changing them
/// needs a restart (<see cref="DnsmasqServer.ReplaceRecordsAsync"/>); records that must change
/// cheaply belong in the hosts file (<see cref="DnsmasqServer.SetHostsAsync"/>).
/// </summary>
public sealed class DnsmasqRecords
{
    private readonly List<string> directives = [];

    /// <summary>The configuration lines, one directive each.</summary>
    public IReadOnlyList<string> Directives => directives;

    /// <summary>Names under this domain that dnsmasq does not know get NXDOMAIN instead of REFUSED.</summary>
    public DnsmasqRecords LocalDomain(string domain) => Add($"local=/{domain}/");

    /// <summary>A and AAAA records for one name; addresses of either family, in order.</summary>
    public DnsmasqRecords Host(string name, int? ttl, params string[] addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        // host-record takes at most one address per family, so more addresses mean more lines.
        var ipv4 = addresses.Where(static address => !address.Contains(':', StringComparison.Ordinal)).ToList();
        var ipv6 = addresses.Where(static address => address.Contains(':', StringComparison.Ordinal)).ToList();
        for (var i = 0; i < Math.Max(ipv4.Count, ipv6.Count); i++)
        {
            var parts = new List<string> { name };
            if (i < ipv4.Count)
            {
                parts.Add(ipv4[i]);
            }

            if (i < ipv6.Count)
            {
                parts.Add(ipv6[i]);
            }

            if (ttl is { } seconds)
            {
                parts.Add(seconds.ToString(CultureInfo.InvariantCulture));
            }

            Add("host-record=" + string.Join(',', parts));
        }

        return this;
    }

    /// <summary>An alias; the target may be another alias or a <see cref="Host"/> name.</summary>
    public DnsmasqRecords Cname(string alias, string target, int? ttl = null) =>
        Add(ttl is { } seconds ? $"cname={alias},{target},{seconds}" : $"cname={alias},{target}");

    /// <summary>One SRV record; <paramref name="service"/> is the full owner name (<c>_pg._tcp.example.test</c>).</summary>
    public DnsmasqRecords Srv(string service, string target, int port, int priority = 0, int weight = 0) =>
        Add($"srv-host={service},{target},{port},{priority},{weight}");

    /// <summary>Any other dnsmasq directive, written as in a configuration file.</summary>
    public DnsmasqRecords Add(string directive)
    {
        directives.Add(directive);
        return this;
    }
}
