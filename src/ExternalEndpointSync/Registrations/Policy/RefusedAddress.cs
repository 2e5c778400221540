namespace ExternalEndpointSync.Registrations.Policy;

/// <summary>An address resolved or written for an ExternalService that its policy does not let it publish, and why.</summary>
public sealed record RefusedAddress(string Address, string Reason)
{
    public override string ToString() => $"{Address}: {Reason}";
}
