using k8s;

namespace ExternalEndpointSync.Cli;

/// <summary>
/// Finds the cluster the way kubectl does: <c>--kubeconfig</c>, then <c>KUBECONFIG</c> or
/// <c>~/.kube/config</c>, then the in-cluster service account.
/// </summary>
public static class KubernetesConnection
{
    /// <summary>The client configuration, or null with the reason when there is no cluster to talk to.</summary>
    public static (KubernetesClientConfiguration? Configuration, string? Problem) Resolve(string? kubeconfigPath, string? context)
    {
        try
        {
            if (kubeconfigPath is not null)
            {
                return File.Exists(kubeconfigPath)
                    ? (KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath, context), null)
                    : (null, $"kubeconfig file {kubeconfigPath} does not exist");
            }

            var fromEnvironment = Environment.GetEnvironmentVariable("KUBECONFIG");
            var defaultPath = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
            if (!string.IsNullOrEmpty(fromEnvironment) || File.Exists(defaultPath))
            {
                return (KubernetesClientConfiguration.BuildConfigFromConfigFile(currentContext: context), null);
            }

            if (KubernetesClientConfiguration.IsInCluster())
            {
                return (KubernetesClientConfiguration.InClusterConfig(), null);
            }

            return (null, "no kubeconfig (--kubeconfig, KUBECONFIG, ~/.kube/config) and not running in a cluster");
        }
        catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot load the Kubernetes configuration: {e.Message}");
        }
    }
}
