using DnsClient;

namespace ExternalEndpointSync.Sources.Dns;

/// <summary>
/// Builds <see cref="LookupClient"/>s that leave caching to <see cref="DnsSource"/> (it follows
/// TTLs itself), fall back to TCP when an answer is truncated, and report DNS errors as response
/// codes rather than exceptions so that NXDOMAIN can be told apart from SERVFAIL. With no name
/// servers configured they are read from resolv.conf (<see cref="SystemNameservers"/>).
/// </summary>
/// <param name="resolvConf">Where the system resolver's settings are; <see cref="SystemNameservers.DefaultPath"/> by default.</param>
public sealed class LookupClientFactory(string resolvConf = SystemNameservers.DefaultPath) : ILookupClientFactory
{
    /// <exception cref="DnsConfigurationException">No name server is configured and the system names none.</exception>
    public ILookupClient Create(DnsLookupSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var nameservers = settings.Nameservers.Count == 0 ? SystemNameservers.Read(resolvConf) : settings.Nameservers;
        var options = new LookupClientOptions([.. nameservers]);
        options.UseCache = false;
        options.Timeout = settings.Timeout;
        options.Retries = settings.Retries;
        options.UseTcpFallback = true;
        options.ThrowDnsErrors = false;
        options.ContinueOnDnsError = true;
        options.ContinueOnEmptyResponse = true;
        // Ask the servers in the order given, the way resolv.conf does.
        options.UseRandomNameServer = false;
        return new LookupClient(options);
    }
}
