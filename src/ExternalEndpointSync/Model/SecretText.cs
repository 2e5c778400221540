namespace ExternalEndpointSync.Model;

/// <summary>A secret read from a file (a token, a private key): compared by value, never printed.</summary>
public sealed record SecretText(string Value)
{
    public override string ToString() => "(redacted)";
}
