using System.Net;
using ExternalEndpointSync.Sources;

namespace ExternalEndpointSync.Tests.Sources;

/// <summary>A host resolver whose answers a test writes as a function.</summary>
internal sealed class DelegateHostResolver(Func<string, CancellationToken, Task<IReadOnlyList<IPAddress>>> resolve) : IHostResolver
{
    public Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken) => resolve(host, cancellationToken);
}
