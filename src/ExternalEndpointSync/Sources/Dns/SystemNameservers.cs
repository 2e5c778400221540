using System.Net;
using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sources.Dns;

/// <summary>
/// The system resolver's name servers, read from resolv.conf. Reading them here, rather than
/// leaving it to DnsClient, keeps loopback resolvers (systemd-resolved's 127.0.0.53, a local
/// dnsmasq) usable, never falls back to a public resolver, and lets a host without any name
/// server get a message that says so.
/// </summary>
public static class SystemNameservers
{
    public const string DefaultPath = "/etc/resolv.conf";

    /// <exception cref="DnsConfigurationException">The file cannot be read or names no usable name server.</exception>
    public static IReadOnlyList<IPEndPoint> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DnsConfigurationException(
                $"the system resolver cannot be used: {path} cannot be read ({e.Message}); set nameservers on the DNS source (or consul.nameservers)", e);
        }

        var servers = lines
            .Select(static line => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Where(static words => words.Length >= 2 && words[0] == "nameserver")
            // A scope id ("fe80::1%eth0") is allowed by resolv.conf and by IPAddress.
            .Select(static words => IPAddress.TryParse(words[1], out var address) ? address : null)
            .Where(static address => address is not null && !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any))
            .Select(static address => new IPEndPoint(address!, Nameserver.DefaultPort))
            .ToList();
        return servers.Count > 0
            ? servers
            : throw new DnsConfigurationException(
                $"the system resolver cannot be used: {path} lists no name server; set nameservers on the DNS source (or consul.nameservers)");
    }
}

/// <summary>The DNS lookup cannot be set up at all: the configuration's or the host's fault, not a DNS failure.</summary>
public sealed class DnsConfigurationException : Exception
{
    public DnsConfigurationException()
    {
    }

    public DnsConfigurationException(string message)
        : base(message)
    {
    }

    public DnsConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
