namespace ExternalEndpointSync.TestSupport.FakeKubernetes.Fields;

/// <summary>metav1.Condition (apimachinery pkg/apis/meta/v1/types.go), a list of them under a prefix.</summary>
internal static class Conditions
{
    public static IEnumerable<string> Paths(string prefix) =>
        new[] { "type", "status", "observedGeneration", "lastTransitionTime", "reason", "message" }.Select(f => $"{prefix}[].{f}");
}
