namespace ExternalEndpointSync.Tests.Image;

/// <summary>What the Dockerfile must say, checked on its text since no container engine can build it here.</summary>
public sealed class DockerfileTests
{
    private static readonly DockerfileText Dockerfile = Repository.Dockerfile;

    [Fact]
    public void Every_base_image_is_pinned_by_tag_and_by_a_digest_the_builder_sets()
    {
        var arguments = Dockerfile.GlobalArguments;
        Assert.NotEmpty(Dockerfile.Stages);
        foreach (var stage in Dockerfile.Stages)
        {
            var match = System.Text.RegularExpressions.Regex.Match(stage.From, @"^mcr\.microsoft\.com/dotnet/[a-z]+:10\.0@\$\{(?<arg>[A-Z_]+)\}$");
            Assert.True(match.Success, $"FROM {stage.From} is not <image>:<tag>@${{DIGEST_ARG}}");
            var placeholder = Assert.Contains(match.Groups["arg"].Value, arguments);
            Assert.StartsWith("sha256:", placeholder, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_image_runs_as_the_non_root_user_of_the_dotnet_images_and_has_no_healthcheck()
    {
        var final = Dockerfile.Stages[^1];
        Assert.Equal("$APP_UID", final.Single("USER").Arguments);
        Assert.DoesNotContain(final.Instructions, static i => i.Keyword == "USER" && i.Arguments is "root" or "0");
        Assert.DoesNotContain(Dockerfile.Instructions, static i => i.Keyword == "HEALTHCHECK");
        Assert.Equal(["dotnet", "ExternalEndpointSync.dll"], final.Single("ENTRYPOINT").ExecForm);
    }

    [Fact]
    public void The_default_command_is_the_worker_reading_the_configmap_deploy_mounts() =>
        Assert.Equal(["run", "--config", "/etc/external-endpoint-sync/config.yaml"], Repository.Dockerfile.Stages[^1].Single("CMD").ExecForm);

    [Fact]
    public void The_readme_says_how_to_fill_in_the_digests()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        Assert.Contains("docker buildx imagetools inspect", readme, StringComparison.Ordinal);
        foreach (var argument in Dockerfile.GlobalArguments.Keys)
        {
            Assert.Contains($"{argument}=", readme, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_host_build_output_is_kept_out_of_the_build_context()
    {
        var ignored = File.ReadAllLines(Path.Combine(Repository.Root, ".dockerignore"));
        Assert.Contains("**/bin", ignored);
        Assert.Contains("**/obj", ignored);
    }
}
