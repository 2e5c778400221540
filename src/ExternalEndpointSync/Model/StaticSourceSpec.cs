namespace ExternalEndpointSync.Model;

/// <summary>Addresses written in the configuration itself.</summary>
public sealed record StaticSourceSpec : SourceSpec
{
    public override string Kind => "static";

    public required IReadOnlyList<string> Addresses { get; init; }
}
