using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace ExternalEndpointSync.Cli;

/// <summary>
/// Finds the cluster the way kubectl does: <c>--kubeconfig</c>, else the files <c>KUBECONFIG</c>
/// lists (merged), else <c>~/.kube/config</c>, else the in-cluster service account.
/// </summary>
public sealed record KubernetesConnection
{
    /// <summary>The client; null when there is no cluster to talk to or the configuration is wrong.</summary>
    public IKubernetes? Client { get; private init; }

    /// <summary>Why there is no cluster when nothing names one: no kubeconfig anywhere and not in a cluster.</summary>
    public string? NoClusterReason { get; private init; }

    /// <summary>A kubeconfig or context that is wrong (a configuration error, exit 2), in one line.</summary>
    public string? Error { get; private init; }

    /// <param name="handlers">Put in the client's HTTP pipeline (the request metrics of <c>run</c>).</param>
    public static KubernetesConnection Connect(string? kubeconfigPath, string? context, Func<string, string?> environment, params DelegatingHandler[] handlers)
    {
        var files = KubeconfigFiles.Locate(kubeconfigPath, environment);
        K8SConfiguration? merged;
        try
        {
            merged = KubeconfigLoader.Load(files);
        }
        catch (KubeConfigException e)
        {
            return Invalid(OneLine(e.Message));
        }

        if (merged is null)
        {
            if (context is not null)
            {
                return Invalid($"--context {context}: there is no kubeconfig to take it from ({files.Description})");
            }

            return KubernetesClientConfiguration.IsInCluster()
                ? Build("in-cluster configuration", KubernetesClientConfiguration.InClusterConfig, handlers)
                : new KubernetesConnection { NoClusterReason = "no kubeconfig (--kubeconfig, KUBECONFIG, ~/.kube/config) and not running in a cluster" };
        }

        var name = context ?? merged.CurrentContext;
        var known = (merged.Contexts ?? []).Select(static c => c.Name).ToList();
        if (string.IsNullOrEmpty(name))
        {
            return Invalid($"kubeconfig {files.Description} has no current-context; choose one with --context ({Listed(known)})");
        }

        // Context names are case-sensitive in kubectl; the client library would match them ignoring case.
        if (!known.Contains(name, StringComparer.Ordinal))
        {
            var origin = context is null ? "current-context" : "--context";
            return Invalid($"{origin} \"{name}\" is not a context of kubeconfig {files.Description} ({Listed(known)})");
        }

        return Build($"kubeconfig {files.Description}, context \"{name}\"", () => KubernetesClientConfiguration.BuildConfigFromConfigObject(merged, name), handlers);
    }

    private static KubernetesConnection Build(string origin, Func<KubernetesClientConfiguration> configure, DelegatingHandler[] handlers)
    {
        try
        {
            var configuration = configure();

            // The client reads a CA as PEM and keeps an empty set for anything else; every TLS
            // handshake would then fail later, far from the cause.
            if (configuration.SslCaCerts is { Count: 0 })
            {
                return Invalid($"{origin}: the certificate authority holds no PEM certificate");
            }

            return new KubernetesConnection { Client = new k8s.Kubernetes(configuration, handlers) };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever fails while building a client from a configuration (a missing certificate
            // file, garbage key data, no server) is a configuration error, never a crash.
            return Invalid($"{origin}: {OneLine(e.Message)}");
        }
    }

    private static KubernetesConnection Invalid(string error) => new() { Error = error };

    private static string Listed(List<string> contexts) =>
        contexts.Count == 0 ? "it has no contexts" : $"its contexts: {string.Join(", ", contexts)}";

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
