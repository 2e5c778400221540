using System.Collections.Concurrent;
using System.Diagnostics;
using ExternalEndpointSync.TestSupport.FakeKubernetes;

namespace ExternalEndpointSync.TestSupport.Deploy;

/// <summary>
/// The repository's deploy/ kustomizations as users apply them: rendered by the real
/// <c>kubectl kustomize</c> (what <c>kubectl apply -k</c> runs), once per kustomization and process.
/// </summary>
public static class DeployManifests
{
    private static readonly TimeSpan RenderTimeout = TimeSpan.FromMinutes(1);
    private static readonly ConcurrentDictionary<string, Lazy<string>> Rendered = new(StringComparer.Ordinal);

    /// <summary>The checkout the tests were built from (the folder holding ExternalEndpointSync.sln and deploy/).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static string DeployDirectory => Path.Combine(RepositoryRoot, "deploy");

    /// <summary>The names of the folders under deploy/overlays, each one a kustomization users apply.</summary>
    public static IReadOnlyList<string> Overlays =>
        [.. Directory.EnumerateDirectories(Path.Combine(DeployDirectory, "overlays")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    public static string OverlayDirectory(string overlay) => Path.Combine(DeployDirectory, "overlays", overlay);

    /// <summary>The multi-document YAML stream <c>kubectl kustomize deploy/overlays/<paramref name="overlay"/></c> prints.</summary>
    public static string RenderOverlay(string overlay) => Render(OverlayDirectory(overlay));

    /// <summary>Renders any kustomization folder; a kustomize error fails with kubectl's message.</summary>
    public static string Render(string kustomization) =>
        Rendered.GetOrAdd(Path.GetFullPath(kustomization), static path => new Lazy<string>(() => RunKustomize(path))).Value;

    private static string RunKustomize(string kustomization)
    {
        var start = new ProcessStartInfo(KubectlRunner.FindKubectl())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(kustomization);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(RenderTimeout))
        {
            process.Kill();
            throw new InvalidOperationException($"kubectl kustomize {kustomization} did not finish within {RenderTimeout}");
        }

        return process.ExitCode == 0
            ? stdout
            : throw new InvalidOperationException($"kubectl kustomize {kustomization} exited with {process.ExitCode}: {stderr.Result}");
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ExternalEndpointSync.sln")) && Directory.Exists(Path.Combine(directory.FullName, "deploy")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No deploy/ folder beside ExternalEndpointSync.sln above {AppContext.BaseDirectory}.");
    }
}
