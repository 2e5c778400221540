namespace ExternalEndpointSync.Worker;

/// <summary>
/// What the probes answer from. Ready: the configuration is loaded, the watch caches have synced
/// (of owned objects and, when on, of ExternalServices; on every replica: they live for the process,
/// so a new leader plans without listing) and, for the leader, the first sync of its term is done; a follower is ready once it
/// has heard from the API server.
/// </summary>
public sealed class WorkerStatus
{
    private volatile bool configLoaded;
    private volatile bool apiContacted;
    private volatile bool firstSyncDone;
    private LeadershipFence? fence;
    private Func<bool>? cacheSynced;

    public bool ConfigLoaded => configLoaded;

    public bool ApiContacted => apiContacted;

    public bool IsLeading => fence?.IsLeading ?? false;

    /// <summary>The leader has finished the first sync of its current term.</summary>
    public bool FirstSyncDone => firstSyncDone;

    /// <summary>The watch caches hold their first lists.</summary>
    public bool CacheSynced => cacheSynced?.Invoke() ?? false;

    public bool IsReady => configLoaded && CacheSynced && (IsLeading ? firstSyncDone : apiContacted);

    public void Loaded(LeadershipFence leadership)
    {
        fence = leadership;
        configLoaded = true;
    }

    public void Contacted() => apiContacted = true;

    /// <summary>Readiness waits for <paramref name="synced"/> from now on.</summary>
    public void Caching(Func<bool> synced) => cacheSynced = synced;

    public void TermStarted() => firstSyncDone = false;

    public void Synced() => firstSyncDone = true;
}
