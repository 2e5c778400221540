using ExternalEndpointSync.TestSupport.Deploy;

namespace ExternalEndpointSync.Tests.Deploy;

/// <summary>The commands of the README's first <c>sh</c> block under a heading, one per line, without their comments.</summary>
public static class ReadmeSteps
{
    public static IReadOnlyList<string> Under(string heading)
    {
        var lines = File.ReadAllLines(Path.Combine(DeployManifests.RepositoryRoot, "README.md"));
        var start = Array.IndexOf(lines, heading);
        Assert.True(start >= 0, $"README.md has no heading '{heading}'");
        var open = Array.FindIndex(lines, start, static l => l == "```sh");
        var close = Array.FindIndex(lines, open + 1, static l => l == "```");
        return [.. lines[(open + 1)..close].Select(static l => (l.IndexOf(" #", StringComparison.Ordinal) is var hash and >= 0 ? l[..hash] : l).Trim())];
    }

    /// <summary>A command line as a shell splits it (our README's commands use no quoting).</summary>
    public static string[] Words(string command) => command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
