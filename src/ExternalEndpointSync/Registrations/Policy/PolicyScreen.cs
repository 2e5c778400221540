using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Registrations.Policy;

/// <summary>
/// The registrations of one sync after the ExternalService policy looked at them: those to plan
/// (file registrations always among them), those refused with their reason, and those held because
/// the cluster facts the policy needs could not be read.
/// </summary>
public sealed record PolicyScreen
{
    public required IReadOnlyList<ExternalServiceSpec> Admitted { get; init; }

    public IReadOnlyList<(ExternalServiceSpec Registration, string Reason)> Refused { get; init; } = [];

    /// <summary>Neither planned nor touched: what they published stays as it is until the facts can be read.</summary>
    public IReadOnlyList<(ExternalServiceSpec Registration, string Reason)> Held { get; init; } = [];

    /// <summary>The address rules for the admitted ExternalServices; null when none is among them.</summary>
    public AddressPolicy? Addresses { get; init; }
}
