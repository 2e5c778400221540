using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary>
/// Service-account tokens bound to a pod, as the kubelet projects one into every pod: replicas of
/// one Deployment share the service account (and so its RBAC) but not the token, and a real API
/// server's audit log tells them apart by the pod the token is bound to
/// (<c>authentication.kubernetes.io/pod-name</c> in the user's extra). Here that pod name is the
/// <see cref="RequestClient"/> a fault can target and the write log records.
/// </summary>
public sealed class PodTokens
{
    private readonly ConcurrentDictionary<string, string> pods = new(StringComparer.Ordinal);

    /// <summary>A new token for <paramref name="podName"/>, authenticating as the product's service account.</summary>
    public string Issue(string podName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(podName);
        var token = $"pod-{podName}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
        pods[token] = podName;
        return token;
    }

    internal string? PodOf(string? token) => token is not null && pods.TryGetValue(token, out var pod) ? pod : null;
}
