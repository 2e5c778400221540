using DnsClient;

namespace ExternalEndpointSync.Sources.Dns;

/// <summary>Builds the DnsClient lookup client for one set of settings; <see cref="DnsSource"/> keeps one per distinct set.</summary>
public interface ILookupClientFactory
{
    ILookupClient Create(DnsLookupSettings settings);
}
