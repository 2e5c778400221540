using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Registrations;

public enum RegistrationChangeKind
{
    Added,
    Changed,
    Removed,
}

/// <summary>One registration appeared, changed or went away; a removal carries the registration as it last was.</summary>
public sealed record RegistrationChange(RegistrationChangeKind Kind, ExternalServiceSpec Registration)
{
    public RegistrationOrigin Origin => Registration.Origin;
}
