namespace ExternalEndpointSync.TestSupport.FakeKubernetes.Fields;

/// <summary>core/v1 Namespace (NamespaceSpec, NamespaceStatus, NamespaceCondition).</summary>
internal static class NamespaceFields
{
    public static readonly string[] Paths =
    [
        "spec.finalizers", "status.phase",
        "status.conditions[].type", "status.conditions[].status", "status.conditions[].lastTransitionTime",
        "status.conditions[].reason", "status.conditions[].message",
    ];
}
