using ExternalEndpointSync.Model;
using ExternalEndpointSync.Sources;

namespace ExternalEndpointSync.Sources;

/// <summary>Finds the source that serves a registration's <see cref="SourceSpec.Kind"/>.</summary>
public sealed class SourceRegistry
{
    private readonly Dictionary<string, IEndpointSource> byKind;

    public SourceRegistry(IEnumerable<IEndpointSource> sources)
    {
        byKind = sources.ToDictionary(static s => s.Kind, StringComparer.Ordinal);
    }

    public IEndpointSource For(SourceSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return byKind.TryGetValue(spec.Kind, out var source)
            ? source
            : throw new InvalidOperationException($"no source is registered for kind \"{spec.Kind}\"");
    }
}
