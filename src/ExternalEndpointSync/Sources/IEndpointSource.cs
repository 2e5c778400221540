using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sources;

/// <summary>
/// Turns a registration's <see cref="SourceSpec"/> into endpoints. A source may keep state per
/// registration (last good answer, blocking-query index); <see cref="Forget"/> drops it.
/// </summary>
public interface IEndpointSource
{
    /// <summary>The <see cref="SourceSpec.Kind"/> this source serves.</summary>
    string Kind { get; }

    Task<SourceResult> ResolveAsync(ExternalServiceSpec service, CancellationToken cancellationToken);

    void Forget(ServiceKey service);
}
