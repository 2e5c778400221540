using System.Net;

namespace ExternalEndpointSync.Sources.Dns;

/// <summary>How a lookup client is built: the name servers to ask (none: the system resolver), per-try timeout and retries.</summary>
public sealed record DnsLookupSettings(IReadOnlyList<IPEndPoint> Nameservers, TimeSpan Timeout, int Retries)
{
    /// <summary>A key equal for equal settings, since the list itself compares by reference.</summary>
    internal string CacheKey =>
        $"{string.Join(',', Nameservers.Select(static endpoint => endpoint.ToString()))}|{Timeout.Ticks}|{Retries}";
}
