using System.Diagnostics;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>Runs the real <c>kubectl</c> binary against a kubeconfig; fails clearly when it is missing.</summary>
public static class KubectlRunner
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static string FindKubectl()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Select(dir => Path.Combine(dir, "kubectl"));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("The `kubectl` binary is not installed (looked in PATH and /usr/bin); install kubectl (Debian package `kubectl`) to run this test.");
    }

    public static Task<Result> RunAsync(string kubeconfig, IEnumerable<string> arguments, CancellationToken ct = default) =>
        RunAsync(kubeconfig, arguments, Environment.CurrentDirectory, ct);

    /// <summary>Runs from <paramref name="workingDirectory"/>, so relative paths (<c>-k deploy/overlays/worker</c>) resolve as in a shell there.</summary>
    public static async Task<Result> RunAsync(string kubeconfig, IEnumerable<string> arguments, string workingDirectory, CancellationToken ct = default)
    {
        var start = new ProcessStartInfo(FindKubectl())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Keep kubectl's discovery cache inside the test's own directory.
        start.Environment["KUBECACHEDIR"] = Path.Combine(Path.GetDirectoryName(kubeconfig)!, "cache");
        start.Environment["HOME"] = Path.GetDirectoryName(kubeconfig)!;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
