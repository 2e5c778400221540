using DnsClient;

namespace ExternalEndpointSync.Sources.Dns;

/// <summary>
/// Builds <see cref="LookupClient"/>s that leave caching to <see cref="DnsSource"/> (it follows
/// TTLs itself), fall back to TCP when an answer is truncated, and report DNS errors as response
/// codes rather than exceptions so that NXDOMAIN can be told apart from SERVFAIL.
/// </summary>
public sealed class LookupClientFactory : ILookupClientFactory
{
    public ILookupClient Create(DnsLookupSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = settings.Nameservers.Count == 0
            ? new LookupClientOptions()
            : new LookupClientOptions([.. settings.Nameservers]);
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
