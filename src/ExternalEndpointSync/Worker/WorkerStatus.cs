namespace ExternalEndpointSync.Worker;

/// <summary>
/// What the probes answer from. Ready: the configuration is loaded, the watch caches have synced
/// (of owned objects and, when on, of ExternalServices and the cluster facts; on every replica: they live for the process,
/// so a new leader plans without listing) and, for the leader, the first sync of its term is done; a follower is ready once it
/// has heard from the API server.
/// </summary>
public sealed class WorkerStatus
{
    private volatile bool configLoaded;
    private volatile bool apiContacted;
    private volatile bool firstSyncDone;
    private LeadershipFence? fence;
    private Func<string?>? unsyncedCache;

    public bool ConfigLoaded => configLoaded;

    public bool ApiContacted => apiContacted;

    public bool IsLeading => fence?.IsLeading ?? false;

    /// <summary>The leader has finished the first sync of its current term.</summary>
    public bool FirstSyncDone => firstSyncDone;

    /// <summary>The watch caches hold their first lists.</summary>
    public bool CacheSynced => UnsyncedCache is null;

    /// <summary>What a watch cache that has not its first lists yet holds, for <c>/readyz</c> to name; null once all have them.</summary>
    public string? UnsyncedCache => unsyncedCache is null ? "owned objects" : unsyncedCache();

    public bool IsReady => configLoaded && CacheSynced && (IsLeading ? firstSyncDone : apiContacted);

    public void Loaded(LeadershipFence leadership)
    {
        fence = leadership;
        configLoaded = true;
    }

    public void Contacted() => apiContacted = true;

    /// <summary>Readiness waits from now on until <paramref name="unsynced"/> names no cache.</summary>
    public void Caching(Func<string?> unsynced) => unsyncedCache = unsynced;

    public void TermStarted() => firstSyncDone = false;

    public void Synced() => firstSyncDone = true;
}
