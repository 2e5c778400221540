using System.Net;

namespace ExternalEndpointSync.Sources;

/// <summary>Turns a hostname a source was given (a Consul instance address, say) into IP addresses.</summary>
public interface IHostResolver
{
    /// <returns>The addresses; empty when the name definitively has none.</returns>
    /// <exception cref="HostResolutionException">The lookup failed, so no answer is known.</exception>
    Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken);
}
