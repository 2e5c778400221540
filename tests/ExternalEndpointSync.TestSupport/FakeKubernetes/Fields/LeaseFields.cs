namespace ExternalEndpointSync.TestSupport.FakeKubernetes.Fields;

/// <summary>coordination.k8s.io/v1 Lease (k8s.io/api coordination/v1 types.go, LeaseSpec).</summary>
internal static class LeaseFields
{
    public static readonly string[] Paths =
    [
        "spec.holderIdentity", "spec.leaseDurationSeconds", "spec.acquireTime", "spec.renewTime", "spec.leaseTransitions",
        "spec.strategy", "spec.preferredHolder",
    ];
}
