using ExternalEndpointSync.Model;

namespace ExternalEndpointSync.Registrations.ConfigFile;

/// <summary>
/// The settings a running worker built its pipeline from (the owner label and policy it plans
/// with, the probe limit, the Consul client, the ExternalService watch and the cluster network
/// discovery its policy starts): a reload that changes one is refused rather than
/// half applied, since rebuilding them would restart every watch and probe just as a restart does.
/// </summary>
public static class RestartOnlySettings
{
    /// <summary>The first setting that differs between <paramref name="running"/> and <paramref name="next"/>, or null.</summary>
    public static string? Changed(SyncConfig running, SyncConfig next)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(next);
        return running.OwnerId != next.OwnerId ? "ownerId"
            : running.Policy != next.Policy ? "policy"
            : running.MaxConcurrentProbes != next.MaxConcurrentProbes ? "maxConcurrentProbes"
            : running.Consul != next.Consul ? "consul"
            : running.ExternalServices != next.ExternalServices ? "externalServices"
            : null;
    }
}
