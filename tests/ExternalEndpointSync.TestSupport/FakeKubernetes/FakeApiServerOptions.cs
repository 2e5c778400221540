namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>How the fake cluster is set up; the defaults are those of most real clusters.</summary>
public sealed record FakeApiServerOptions
{
    /// <summary>
    /// False (the default): a single-stack IPv4 cluster (<c>--service-cluster-ip-range</c> with one IPv4 range),
    /// where IPv6 Service families and <c>RequireDualStack</c> are 422. True: IPv4 primary, IPv6 secondary.
    /// </summary>
    public bool DualStack { get; init; }
}
