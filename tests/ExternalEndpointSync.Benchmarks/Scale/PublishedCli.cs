using ExternalEndpointSync.TestSupport.Deploy;
using ExternalEndpointSync.TestSupport.Servers;

namespace ExternalEndpointSync.Benchmarks.Scale;

/// <summary>
/// The command line as the image ships it: <c>dotnet publish</c> with the Dockerfile's runtime
/// flags, so ReadyToRun as the project file asks, rather than the JIT-only build output beside
/// this benchmark. Published once per benchmark process from a copy of the sources (as the
/// image's build stage copies them), so that the checkout's own obj/ keeps its restore.
/// </summary>
public static class PublishedCli
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(15);
    private static readonly string[] RootFiles = ["global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig"];
    private static readonly Lazy<Task<string>> Published = new(PublishAsync);

    /// <summary>The published <c>ExternalEndpointSync.dll</c>.</summary>
    public static Task<string> PathAsync() => Published.Value;

    private static async Task<string> PublishAsync()
    {
        var root = DeployManifests.RepositoryRoot;
        var work = Directory.CreateTempSubdirectory("ees-published-cli-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(work, recursive: true);
        foreach (var file in RootFiles)
        {
            File.Copy(Path.Combine(root, file), Path.Combine(work, file));
        }

        CopySources(Path.Combine(root, "src"), Path.Combine(work, "src"));
        var app = Path.Combine(work, "app");
        await ProcessRunner.RunAsync(
            ["dotnet", "publish", Path.Combine(work, "src", "ExternalEndpointSync", "ExternalEndpointSync.csproj"), "-c", "Release", "--use-current-runtime", "--no-self-contained", "--nologo", "-o", app],
            PublishTimeout);
        return Path.Combine(app, "ExternalEndpointSync.dll");
    }

    private static void CopySources(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(from).Where(static d => Path.GetFileName(d) is not ("bin" or "obj")))
        {
            CopySources(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }
}
