namespace ExternalEndpointSync.Cli;

/// <summary>
/// Which kubeconfig files apply, by kubectl's precedence: <c>--kubeconfig</c>; else every file
/// <c>KUBECONFIG</c> lists; else <c>~/.kube/config</c>.
/// </summary>
public sealed record KubeconfigFiles
{
    public required IReadOnlyList<string> Paths { get; init; }

    /// <summary>Named by <c>--kubeconfig</c>: it must exist. Files from KUBECONFIG or the home folder may be missing, as for kubectl.</summary>
    public bool Explicit { get; init; }

    /// <summary>The files as a user would write them: one path, or a KUBECONFIG list.</summary>
    public string Description => Paths.Count == 0 ? "(KUBECONFIG lists no file)" : string.Join(Path.PathSeparator, Paths);

    public static KubeconfigFiles Locate(string? kubeconfigFlag, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);

        // kubectl treats an empty --kubeconfig or KUBECONFIG as not given.
        if (!string.IsNullOrEmpty(kubeconfigFlag))
        {
            return new KubeconfigFiles { Paths = [kubeconfigFlag], Explicit = true };
        }

        if (environment("KUBECONFIG") is { Length: > 0 } list)
        {
            // Like client-go: empty entries are skipped and a file listed twice is read once.
            return new KubeconfigFiles
            {
                Paths = [.. list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)],
            };
        }

        var home = environment("HOME") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return new KubeconfigFiles { Paths = [Path.Combine(home, ".kube", "config")] };
    }
}
