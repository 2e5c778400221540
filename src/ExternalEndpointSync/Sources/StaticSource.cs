using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Sources;

/// <summary>Addresses written in the configuration; never fails.</summary>
public sealed class StaticSource : IEndpointSource
{
    public string Kind => "static";

    public Task<SourceResult> ResolveAsync(ExternalServiceSpec service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        var spec = service.Source as StaticSourceSpec
            ?? throw new ArgumentException($"{service.Key} has no static source", nameof(service));
        var endpoints = spec.Addresses.Select(static address => new ResolvedEndpoint { Address = address }).ToList();
        return Task.FromResult(SourceResult.Resolved(endpoints));
    }

    public void Forget(ServiceKey service)
    {
    }
}
