namespace ExternalEndpointSync.Sources.Consul;

/// <summary>One element of <c>/v1/catalog/service/:service</c>: an instance without health, flattened.</summary>
public sealed record ConsulCatalogService
{
    public string Node { get; init; } = "";

    /// <summary>The node's address.</summary>
    public string Address { get; init; } = "";

    public string? Datacenter { get; init; }

    public string ServiceID { get; init; } = "";

    public string ServiceName { get; init; } = "";

    public string? ServiceAddress { get; init; }

    public int ServicePort { get; init; }

    public IReadOnlyList<string>? ServiceTags { get; init; }
}
