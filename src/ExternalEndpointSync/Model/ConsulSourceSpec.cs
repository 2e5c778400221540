namespace ExternalEndpointSync.Model;

/// <summary>Instances of a Consul service, watched with blocking queries.</summary>
public sealed record ConsulSourceSpec : SourceSpec
{
    public override string Kind => "consul";

    public required string Service { get; init; }

    /// <summary>Every tag must be present on an instance.</summary>
    public ValueList<string> Tags { get; init; } = [];

    /// <summary>Overrides the global <see cref="ConsulSettings.Datacenter"/>.</summary>
    public string? Datacenter { get; init; }

    /// <summary>Consul Enterprise namespace, passed through as <c>ns</c>.</summary>
    public string? Namespace { get; init; }

    /// <summary>Consul Enterprise admin partition, passed through as <c>partition</c>.</summary>
    public string? Partition { get; init; }

    /// <summary>Only instances whose every check passes; otherwise warning is ready and critical not ready.</summary>
    public bool OnlyPassing { get; init; }

    /// <summary>
    /// Tagged addresses to prefer, in order (<c>lan_ipv4</c>, <c>lan_ipv6</c>, <c>wan_ipv4</c>, …);
    /// when none is present the instance address is <c>Service.Address</c>, else <c>Node.Address</c>.
    /// </summary>
    public ValueList<string> AddressPreference { get; init; } = [];
}
