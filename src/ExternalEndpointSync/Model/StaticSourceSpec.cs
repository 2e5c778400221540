namespace ExternalEndpointSync.Model;

/// <summary>Addresses written in the configuration itself.</summary>
public sealed record StaticSourceSpec : SourceSpec
{
    public override string Kind => "static";

    public required ValueList<string> Addresses { get; init; }
}
