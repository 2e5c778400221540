namespace ExternalEndpointSync.Model;

/// <summary>
/// One declared port. <see cref="Port"/> is the Service port; endpoints listen on
/// <see cref="TargetPort"/> when set, else on <see cref="Port"/>. Sources that learn a port per
/// endpoint (SRV, Consul) override the endpoint port of the first declared port.
/// </summary>
public sealed record ServicePortSpec
{
    public string? Name { get; init; }

    public required int Port { get; init; }

    /// <summary>TCP, UDP or SCTP.</summary>
    public string Protocol { get; init; } = "TCP";

    public int? TargetPort { get; init; }

    public string? AppProtocol { get; init; }

    public int EndpointPort => TargetPort ?? Port;
}
