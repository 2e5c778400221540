using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using YamlDotNet.Core;

namespace ExternalEndpointSync.Cli;

/// <summary>
/// Reads kubeconfig files and merges them with kubectl's rules: the first file to name a
/// cluster, user or context wins, and so does the first <c>current-context</c>; a missing file
/// is skipped unless it was named by <c>--kubeconfig</c>; an empty file is an empty configuration.
/// </summary>
public static class KubeconfigLoader
{
    /// <summary>The merged configuration, or null when no file has any content.</summary>
    /// <exception cref="KubeConfigException">A file cannot be read or is not a kubeconfig; the message names it.</exception>
    public static K8SConfiguration? Load(KubeconfigFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var loaded = files.Paths
            .Select(path => LoadFile(path, files.Explicit))
            .OfType<K8SConfiguration>()
            .ToList();
        return loaded.Count == 0 ? null : Merge(loaded);
    }

    private static K8SConfiguration? LoadFile(string path, bool mustExist)
    {
        if (Directory.Exists(path))
        {
            throw new KubeConfigException($"kubeconfig {path} is a directory, not a file");
        }

        if (!File.Exists(path))
        {
            return mustExist ? throw new KubeConfigException($"kubeconfig {path} does not exist") : null;
        }

        K8SConfiguration? config;
        try
        {
            using var stream = File.OpenRead(path);
            config = KubernetesClientConfiguration.LoadKubeConfig(stream);
        }
        catch (YamlException e)
        {
            var detail = e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
            throw new KubeConfigException($"{path}:{e.Start.Line}:{e.Start.Column}: not a kubeconfig: {detail}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubeConfigException($"kubeconfig {path} cannot be read: {e.Message}", e);
        }

        if (config is null)
        {
            return null;
        }

        RequireNames(path, "clusters", config.Clusters, static c => c.Name);
        RequireNames(path, "users", config.Users, static u => u.Name);
        RequireNames(path, "contexts", config.Contexts, static c => c.Name);
        ResolveRelativePaths(config, Path.GetDirectoryName(Path.GetFullPath(path))!);
        config.FileName = Path.GetFullPath(path);
        return config;
    }

    private static void RequireNames<T>(string path, string list, IEnumerable<T>? items, Func<T, string?> name)
    {
        if ((items ?? []).Any(item => item is null || string.IsNullOrEmpty(name(item))))
        {
            throw new KubeConfigException($"kubeconfig {path}: every entry of {list} needs a name");
        }
    }

    /// <summary>
    /// A relative file reference means relative to the kubeconfig that holds it (client-go's
    /// ResolveLocalPaths); made absolute here, it survives the merge with files elsewhere.
    /// </summary>
    private static void ResolveRelativePaths(K8SConfiguration config, string directory)
    {
        string? Resolve(string? reference) =>
            string.IsNullOrEmpty(reference) || Path.IsPathRooted(reference) ? reference : Path.Combine(directory, reference);

        foreach (var endpoint in (config.Clusters ?? []).Select(static c => c.ClusterEndpoint).OfType<ClusterEndpoint>())
        {
            endpoint.CertificateAuthority = Resolve(endpoint.CertificateAuthority);
        }

        foreach (var credentials in (config.Users ?? []).Select(static u => u.UserCredentials).OfType<UserCredentials>())
        {
            credentials.ClientCertificate = Resolve(credentials.ClientCertificate);
            credentials.ClientKey = Resolve(credentials.ClientKey);
        }
    }

    private static K8SConfiguration Merge(List<K8SConfiguration> configs) => new()
    {
        ApiVersion = configs[0].ApiVersion,
        Kind = configs[0].Kind,
        FileName = configs[0].FileName,
        CurrentContext = configs.Select(static c => c.CurrentContext).FirstOrDefault(static c => !string.IsNullOrEmpty(c)),
        Clusters = [.. configs.SelectMany(static c => c.Clusters ?? []).DistinctBy(static c => c.Name, StringComparer.Ordinal)],
        Users = [.. configs.SelectMany(static c => c.Users ?? []).DistinctBy(static u => u.Name, StringComparer.Ordinal)],
        Contexts = [.. configs.SelectMany(static c => c.Contexts ?? []).DistinctBy(static c => c.Name, StringComparer.Ordinal)],
        Extensions = [.. configs.SelectMany(static c => c.Extensions ?? []).DistinctBy(static e => e.Name, StringComparer.Ordinal)],
        Preferences = configs
            .SelectMany(static c => c.Preferences ?? new Dictionary<string, object>())
            .DistinctBy(static p => p.Key, StringComparer.Ordinal)
            .ToDictionary(static p => p.Key, static p => p.Value, StringComparer.Ordinal),
    };
}
