namespace ExternalEndpointSync.Worker;

/// <summary>
/// What the probes answer from. Ready: the configuration is loaded and, for the leader, the
/// first sync of its term is done; a follower is ready once it has heard from the API server.
/// </summary>
public sealed class WorkerStatus
{
    private volatile bool configLoaded;
    private volatile bool apiContacted;
    private volatile bool firstSyncDone;
    private LeadershipFence? fence;

    public bool ConfigLoaded => configLoaded;

    public bool ApiContacted => apiContacted;

    public bool IsLeading => fence?.IsLeading ?? false;

    /// <summary>The leader has finished the first sync of its current term.</summary>
    public bool FirstSyncDone => firstSyncDone;

    public bool IsReady => configLoaded && (IsLeading ? firstSyncDone : apiContacted);

    public void Loaded(LeadershipFence leadership)
    {
        fence = leadership;
        configLoaded = true;
    }

    public void Contacted() => apiContacted = true;

    public void TermStarted() => firstSyncDone = false;

    public void Synced() => firstSyncDone = true;
}
