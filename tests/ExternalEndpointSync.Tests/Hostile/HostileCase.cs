namespace ExternalEndpointSync.Tests.Hostile;

/// <summary>
/// One hostile input: how to make the configuration file (and what it names) in the world's
/// folder, whether validation must accept it, and a text the diagnostics must contain (the field path).
/// </summary>
public sealed record HostileCase(string Name, Func<HostileWorld, Task<string>> Create, bool Valid, string MustMention, string[] ExtraSyncArgs)
{
    /// <summary>A command-line case: only <c>sync</c> takes the flag, so <c>validate</c> accepts the file.</summary>
    public bool SyncOnly { get; init; }

    public override string ToString() => Name;
}
