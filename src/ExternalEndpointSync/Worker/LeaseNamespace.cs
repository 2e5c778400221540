namespace ExternalEndpointSync.Worker;

/// <summary>Where the worker's Lease lives: the flag, else the downward API's POD_NAMESPACE, else the pod's service-account namespace.</summary>
public static class LeaseNamespace
{
    public const string ServiceAccountFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    /// <summary>The namespace, or null when nothing names one (outside a cluster without the flag).</summary>
    public static string? Resolve(string? flag, Func<string, string?> environment, string serviceAccountFile = ServiceAccountFile)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrWhiteSpace(flag))
        {
            return flag.Trim();
        }

        if (environment("POD_NAMESPACE") is { } fromDownwardApi && !string.IsNullOrWhiteSpace(fromDownwardApi))
        {
            return fromDownwardApi.Trim();
        }

        try
        {
            var fromServiceAccount = File.ReadAllText(serviceAccountFile).Trim();
            return fromServiceAccount.Length == 0 ? null : fromServiceAccount;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
