namespace ExternalEndpointSync.Cluster.Watch;

/// <summary>
/// How an informer lists and watches. The defaults are client-go's reflector's: each watch asks
/// the server to end it after a random time between <see cref="MinWatchTimeout"/> and twice that
/// (5–10 min), so that watchers do not all reconnect at once and a broken connection cannot hang
/// one forever; failures back off from 800 ms to 30 s.
/// </summary>
public sealed record ResourceInformerOptions
{
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long after its timeout a watch the server has not ended is given up on as a connection
    /// that died without a word.
    /// </summary>
    public TimeSpan WatchGrace { get; init; } = TimeSpan.FromSeconds(30);

    public int PageSize { get; init; } = 500;

    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromMilliseconds(800);

    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Null when usable, else what is wrong.</summary>
    public string? Problem() =>
        MinWatchTimeout < TimeSpan.FromSeconds(1) ? "the watch timeout must be at least 1s (timeoutSeconds is whole seconds)"
        : WatchGrace <= TimeSpan.Zero ? "the watch grace must be greater than 0"
        : PageSize < 1 ? "the page size must be at least 1"
        : BackoffBase <= TimeSpan.Zero || BackoffMax < BackoffBase ? "the backoff must be greater than 0 and its cap at least the base"
        : null;
}
