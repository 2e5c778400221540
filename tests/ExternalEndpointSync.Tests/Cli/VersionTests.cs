using System.Text.RegularExpressions;
using ExternalEndpointSync.Cli;
using ExternalEndpointSync.Tests.EndToEnd;

namespace ExternalEndpointSync.Tests.Cli;

public sealed partial class VersionTests
{
    [Theory]
    [InlineData("--version")]
    [InlineData("version")]
    public async Task Version_prints_the_version_and_the_commit_this_build_came_from(string argument)
    {
        var run = await CliRun.RunAsync(argument);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        var match = VersionLine().Match(run.Output);
        Assert.True(match.Success, run.ToString());

        // The tests are built inside the git checkout, so the SDK embedded the commit.
        Assert.Equal(ProductVersion.Current.Commit, match.Groups["commit"].Value);
        Assert.Matches("^[0-9a-f]{40}$", ProductVersion.Current.Commit);
    }

    [Theory]
    [InlineData("1.0.0+3ef1af76fbe29607c395e4db16143a10a1db6547", "1.0.0", "3ef1af76fbe29607c395e4db16143a10a1db6547")]
    [InlineData("1.0.0", "1.0.0", ProductVersion.UnknownCommit)]
    [InlineData("2.1.0-rc.1+", "2.1.0-rc.1", ProductVersion.UnknownCommit)]
    public void The_commit_is_unknown_when_the_build_had_no_git_checkout(string informational, string version, string commit) =>
        Assert.Equal(new ProductVersion(version, commit), ProductVersion.Parse(informational));

    [GeneratedRegex(@"^ExternalEndpointSync (?<version>\S+) \(commit (?<commit>\S+)\)\n$")]
    private static partial Regex VersionLine();
}
