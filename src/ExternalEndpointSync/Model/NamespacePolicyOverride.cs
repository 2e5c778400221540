using System.Net;

namespace ExternalEndpointSync.Model;

/// <summary>
/// What one namespace may do differently: other source kinds, and networks it may publish although
/// they are refused otherwise. An override does not admit the namespace; the namespace list or
/// selector does.
/// </summary>
public sealed record NamespacePolicyOverride
{
    public required string Namespace { get; init; }

    /// <summary>The source kinds this namespace may use instead of the policy's; null keeps the policy's.</summary>
    public ValueList<string>? Sources { get; init; }

    /// <summary>
    /// Refused networks this namespace may publish into anyway. Never loopback, link-local, the
    /// metadata address or unspecified: those stay refused whatever an exception says.
    /// </summary>
    public ValueList<IPNetwork> AllowedCidrs { get; init; } = [];
}
