namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>What is asked of the authorizer (k8s.io/apiserver/pkg/authorization/authorizer.AttributesRecord, resource requests only).</summary>
public sealed record AuthorizationRequest(string Verb, string Group, string Resource, string? Subresource, string? Namespace, string? Name)
{
    /// <summary><c>services</c> or <c>services/finalizers</c>, as RBAC rules name it.</summary>
    public string ResourceWithSubresource => Subresource is null ? Resource : $"{Resource}/{Subresource}";
}
