namespace ExternalEndpointSync.TestSupport.FakeKubernetes.Fields;

/// <summary>core/v1 Endpoints (EndpointSubset, EndpointAddress, EndpointPort).</summary>
internal static class EndpointsFields
{
    public static readonly string[] Paths =
    [
        .. Address("subsets[].addresses[]"),
        .. Address("subsets[].notReadyAddresses[]"),
        "subsets[].ports[].name", "subsets[].ports[].port", "subsets[].ports[].protocol", "subsets[].ports[].appProtocol",
    ];

    private static IEnumerable<string> Address(string prefix) =>
        new[] { $"{prefix}.ip", $"{prefix}.hostname", $"{prefix}.nodeName" }.Concat(ObjectMetaFields.ObjectReference($"{prefix}.targetRef"));
}
