using System.Reflection;

namespace ExternalEndpointSync.Cli;

/// <summary>
/// The version of this build and the git commit it was built from. The SDK's source control
/// support appends the commit to the informational version (<c>1.0.0+&lt;sha&gt;</c>) when it
/// builds inside a git checkout; outside one (the image's build stage, which copies no .git)
/// there is none to append, and the commit is "unknown".
/// </summary>
public sealed record ProductVersion(string Version, string Commit)
{
    public const string UnknownCommit = "unknown";

    public static ProductVersion Current { get; } = Parse(
        typeof(ProductVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0");

    public static ProductVersion Parse(string informationalVersion)
    {
        ArgumentNullException.ThrowIfNull(informationalVersion);
        var plus = informationalVersion.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 || plus == informationalVersion.Length - 1
            ? new ProductVersion(informationalVersion.TrimEnd('+'), UnknownCommit)
            : new ProductVersion(informationalVersion[..plus], informationalVersion[(plus + 1)..]);
    }

    public override string ToString() => $"ExternalEndpointSync {Version} (commit {Commit})";
}
