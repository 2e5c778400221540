using System.Text.RegularExpressions;
using ExternalEndpointSync.Cli;

namespace ExternalEndpointSync.Tests.Image;

/// <summary>The published app of the Dockerfile, run as the image runs it: unprivileged, from a read-only /app.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class PublishedImageTests(PublishedImage image) : IClassFixture<PublishedImage>
{
    [Fact]
    public async Task The_published_app_plans_the_examples_as_an_unprivileged_user_from_a_read_only_directory()
    {
        var run = await image.RunAsync("sync", "--once", "--dry-run", "--config", "config/examples.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(DryRunSummary(), run.Output);
        Assert.Contains("web/legacy-api", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Output + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_published_app_says_its_commit_is_unknown_because_the_build_stage_has_no_git_checkout()
    {
        var run = await image.RunAsync("--version");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches($@"^ExternalEndpointSync \S+ \(commit {ProductVersion.UnknownCommit}\)\n$", run.Output);
    }

    [Fact]
    public void The_app_directory_is_read_only_and_holds_no_build_output_of_the_host()
    {
        Assert.Equal(0, (int)(File.GetUnixFileMode(image.AppDirectory) & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)));
        Assert.True(File.Exists(Path.Combine(image.AppDirectory, "ExternalEndpointSync.dll")));
        Assert.True(File.Exists(Path.Combine(image.AppDirectory, "config", "examples.yaml")));
        Assert.Empty(Directory.EnumerateDirectories(image.FinalRoot, "obj", SearchOption.AllDirectories));
    }

    [GeneratedRegex(@"(?m)^dry-run: [1-9][0-9]* services synced, 0 failed; objects would be created [1-9]")]
    private static partial Regex DryRunSummary();
}
