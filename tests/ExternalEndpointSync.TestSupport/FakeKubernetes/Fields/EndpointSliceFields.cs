namespace ExternalEndpointSync.TestSupport.FakeKubernetes.Fields;

/// <summary>discovery.k8s.io/v1 EndpointSlice (k8s.io/api discovery/v1 types.go).</summary>
internal static class EndpointSliceFields
{
    public static readonly string[] Paths =
    [
        "addressType",
        "endpoints[].addresses", "endpoints[].conditions.ready", "endpoints[].conditions.serving", "endpoints[].conditions.terminating",
        "endpoints[].hostname", .. ObjectMetaFields.ObjectReference("endpoints[].targetRef"), "endpoints[].deprecatedTopology{}",
        "endpoints[].nodeName", "endpoints[].zone", "endpoints[].hints.forZones[].name", "endpoints[].hints.forNodes[].name",
        "ports[].name", "ports[].protocol", "ports[].port", "ports[].appProtocol",
    ];
}
