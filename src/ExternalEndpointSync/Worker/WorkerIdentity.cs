using System.Security.Cryptography;

namespace ExternalEndpointSync.Worker;

/// <summary>
/// The holder identity written into the Lease: the pod name, so that <c>kubectl get lease</c> says
/// who leads, plus a random suffix, so that a restarted container with the same pod name is a new
/// candidate instead of resuming a lease its previous life held.
/// </summary>
public static class WorkerIdentity
{
    public static string Create(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var host = environment("HOSTNAME") is { Length: > 0 } name ? name : Environment.MachineName;
        return $"{host}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
    }
}
