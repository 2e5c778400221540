using System.Net;

namespace ExternalEndpointSync.Sources;

/// <summary>The operating system's resolver, for callers given no other.</summary>
public sealed class SystemHostResolver : IHostResolver
{
    public static SystemHostResolver Instance { get; } = new();

    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken) =>
        await System.Net.Dns.GetHostAddressesAsync(host, cancellationToken);
}
