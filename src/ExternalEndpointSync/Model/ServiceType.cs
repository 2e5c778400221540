namespace ExternalEndpointSync.Model;

/// <summary>The kind of Service a registration publishes.</summary>
public enum ServiceType
{
    /// <summary>A selectorless Service with a cluster-allocated virtual IP, backed by EndpointSlices.</summary>
    ClusterIP,

    /// <summary>A selectorless Service with <c>clusterIP: None</c>; cluster DNS answers with the endpoint IPs.</summary>
    Headless,

    /// <summary>A Service of type ExternalName: a DNS alias, no endpoints.</summary>
    ExternalName,
}
